import type { JobName, JobOutcome } from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import { RetentionRepository } from './retention.repository.js';

/** Reduces attendance older than each programme's retention period to totals (privacy by default). */
@Injectable()
export class RetentionHandler {
  constructor(private readonly retention: RetentionRepository) {}

  async handle(): Promise<JobOutcome<JobName.AttendanceRetention>> {
    return { status: 'done', result: { reducedMarks: await this.retention.reduceExpired(new Date()) } };
  }
}
