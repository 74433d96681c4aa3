import { describe, expect, it } from '@jest/globals';
import { PingHandler } from './ping.handler.js';

describe(PingHandler.name, () => {
  it('answers with the process that handled the job', async () => {
    const outcome = await new PingHandler().handle({ requestedAt: new Date().toISOString() });
    expect(outcome.status).toBe('done');
    if (outcome.status === 'done') expect(outcome.result.handledBy).toMatch(new RegExp(`:${process.pid}$`));
  });

  it('refuses a malformed payload without retrying', async () => {
    expect(await new PingHandler().handle({ requestedAt: 'yesterday-ish' })).toEqual({
      status: 'failed',
      reason: 'requestedAt is not a date',
      retry: false,
    });
  });
});
