import { describe, expect, it } from '@jest/globals';
import express from 'express';
import request from 'supertest';
import { securityHeaders } from './security-headers.js';

function appFor(publicUrl: string): express.Express {
  const app = express();
  app.use(securityHeaders(publicUrl));
  app.get('/', (_req, res) => void res.send('ok'));
  return app;
}

describe('security headers', () => {
  it('over plain http (a workshop laptop on the LAN) never asks the browser to switch to https', async () => {
    const res = await request(appFor('http://192.168.1.20:3000')).get('/');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['content-security-policy']).toContain('ws://192.168.1.20:3000');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('behind https upgrades insecure requests and sends HSTS', async () => {
    const res = await request(appFor('https://atelier.example.org')).get('/');
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(res.headers['content-security-policy']).toContain('wss://atelier.example.org');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});
