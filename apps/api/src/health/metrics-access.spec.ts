import { describe, expect, it } from '@jest/globals';
import { isInternalAddress, metricsAllowed } from './metrics-access.js';

describe('who may read /metrics', () => {
  it('lets the internal network in', () => {
    for (const ip of [
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
      '10.1.2.3',
      '172.18.0.5',
      '192.168.1.20',
      'fd12::1',
      'fe80::1',
    ]) {
      expect(isInternalAddress(ip)).toBe(true);
    }
  });

  it('keeps public addresses out without the token', () => {
    for (const ip of ['203.0.113.7', '2001:db8::1', '::ffff:8.8.8.8', '172.32.0.1', undefined, 'not-an-ip']) {
      expect(metricsAllowed(ip, undefined, null)).toBe(false);
      expect(metricsAllowed(ip, 'Bearer guess', 's3cret-token')).toBe(false);
    }
  });

  it('lets a public scraper in with the bearer token', () => {
    expect(metricsAllowed('203.0.113.7', 'Bearer s3cret-token', 's3cret-token')).toBe(true);
    expect(metricsAllowed('203.0.113.7', 'Bearer s3cret-token', null)).toBe(false);
  });
});
