import { JobName } from '@atelier/contracts';
import { JobsRepository } from '@atelier/queue';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PingHandler } from '../../apps/worker/src/ping/ping.handler.js';

let producer: JobsRepository;
let worker: JobsRepository;
const outcomes: string[] = [];

async function settled(id: string) {
  for (let i = 0; i < 100; i++) {
    const job = await producer.state(JobName.Ping, id);
    if (job && (job.state === 'completed' || job.state === 'failed')) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not finish in 10 s`);
}

beforeAll(async () => {
  // Two queue clients, as in production: the API enqueues, a worker process handles.
  producer = new JobsRepository({ connectionString: process.env.DATABASE_URL!, schema: 'pgboss_medium' });
  worker = new JobsRepository({ connectionString: process.env.DATABASE_URL!, schema: 'pgboss_medium' });
  await producer.start();
  await worker.start();
  const ping = new PingHandler();
  await worker.handle(
    JobName.Ping,
    2,
    (p) => ping.handle(p),
    (id, outcome) => outcomes.push(`${id}:${outcome.status}`),
  );
}, 30_000);

afterAll(async () => {
  await worker.stop();
  await producer.stop();
});

describe('JobsRepository with a worker on PostgreSQL', () => {
  it('delivers a ping to the worker and stores its result with the job', async () => {
    const id = await producer.enqueue(JobName.Ping, { requestedAt: new Date().toISOString() });
    const job = await settled(id);
    expect(job.state).toBe('completed');
    expect(job.result?.handledBy).toMatch(/:\d+$/);
    expect(outcomes).toContain(`${id}:done`);
  });

  it('closes a job whose handler refuses it for good, without retrying it', async () => {
    const id = await producer.enqueue(JobName.Ping, { requestedAt: 'not a date' });
    const job = await settled(id);
    expect(job.result).toEqual({ failed: 'requestedAt is not a date' });
    expect(outcomes.filter((o) => o === `${id}:failed`)).toHaveLength(1);
  });
});
