import type { DemoDataRemoved, DemoDataSummary } from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { SessionRevocations } from '../auth/session-revocations.js';
import { Clock } from '../common/clock.js';
import { DemoDataRepository } from './demo-data.repository.js';

/** "Remove demo data": an organisation that began as `npm start`'s demo becomes a real one. */
@Injectable()
export class DemoDataService {
  constructor(
    private readonly demo: DemoDataRepository,
    private readonly clock: Clock,
    private readonly revocations: SessionRevocations,
  ) {}

  async summary(who: AuthUser): Promise<DemoDataSummary> {
    return { people: await this.demo.count(who.organisationId, who.userId) };
  }

  async remove(who: AuthUser): Promise<DemoDataRemoved> {
    const removed = await this.demo.remove(who.organisationId, who.userId, this.clock.now());
    if (removed > 0) this.revocations.revoked();
    return { removed };
  }
}
