import type { JobName, JobOutcome, JobPayloads } from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import { hostname } from 'node:os';

/** The trivial job: proves that a worker takes jobs off the queue and reports back. */
@Injectable()
export class PingHandler {
  private readonly name = `${hostname()}:${process.pid}`;

  async handle(payload: JobPayloads[JobName.Ping]): Promise<JobOutcome<JobName.Ping>> {
    if (Number.isNaN(Date.parse(payload.requestedAt))) {
      return { status: 'failed', reason: 'requestedAt is not a date', retry: false };
    }
    return { status: 'done', result: { handledBy: this.name, handledAt: new Date().toISOString() } };
  }
}
