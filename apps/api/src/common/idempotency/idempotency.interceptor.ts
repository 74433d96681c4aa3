import { ErrorCode, IDEMPOTENCY_HEADER } from '@atelier/contracts';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Observable, catchError, from, mergeMap } from 'rxjs';
import type { AuthUser } from '../../auth/auth-user.js';
import { toApiError } from '../api-exception.filter.js';
import { Clock } from '../clock.js';
import { DomainError } from '../domain-error.js';
import { IdempotencyRepository } from './idempotency.repository.js';

const KEY = /^[A-Za-z0-9_-]{8,128}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Set on an answer that repeats the first one, so a client (or a person reading logs) can tell. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Any signed-in state-changing request may carry an `Idempotency-Key` (the phone's queue of
 * actions sends one per action): the first request with a key runs and its answer — success or a
 * refusal with a reason (4xx) — is remembered for the person; the same key again gets that answer
 * again without running anything. A 5xx is not remembered (the request can be retried). The same
 * key on another method or address is refused (422), and a copy arriving while the first is still
 * being answered gets 409 to retry shortly.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly remembered: IdempotencyRepository,
    private readonly clock: Clock,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & { auth?: AuthUser }>();
    const key = req.headers[IDEMPOTENCY_HEADER.toLowerCase()];
    if (key === undefined || SAFE_METHODS.has(req.method) || !req.auth) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new DomainError(
        ErrorCode.IdempotencyKeyInvalid,
        `The ${IDEMPOTENCY_HEADER} header must be 8 to 128 letters, digits, "-" or "_".`,
      );
    }
    const res = ctx.switchToHttp().getResponse<Response>();
    const userId = req.auth.userId;
    const request = `${req.method} ${req.path}`;
    return from(this.remembered.claim(userId, key, request, this.clock.now())).pipe(
      mergeMap((claimed) => (claimed ? this.run(next, res, userId, key) : this.replay(res, userId, key, request))),
    );
  }

  private run(next: CallHandler, res: Response, userId: string, key: string): Observable<unknown> {
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        await this.remembered.answer(userId, key, res.statusCode, body);
        return body;
      }),
      catchError(async (error: unknown) => {
        const [status, body] = toApiError(error);
        if (status < 500) await this.remembered.answer(userId, key, status, body);
        else await this.remembered.release(userId, key);
        throw error;
      }),
    );
  }

  private async replay(res: Response, userId: string, key: string, request: string): Promise<unknown> {
    const first = await this.remembered.find(userId, key);
    if (first && first.request !== request) {
      throw new DomainError(
        ErrorCode.IdempotencyKeyReused,
        `This ${IDEMPOTENCY_HEADER} was already used for another request. Send a new key for a new action.`,
      );
    }
    if (!first || first.status === null) {
      throw new DomainError(
        ErrorCode.IdempotencyInProgress,
        'This action is still being saved. Try again in a few seconds.',
        { retryAfterSeconds: 2 },
      );
    }
    res.status(first.status);
    res.setHeader(REPLAYED_HEADER, 'true');
    return first.body;
  }
}
