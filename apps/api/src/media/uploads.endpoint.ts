import { ErrorCode, type ApiError } from '@atelier/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { Server, type ServerOptions } from '@tus/server';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/auth-user.js';
import { ERROR_STATUS } from '../common/api-exception.filter.js';
import { UNAVAILABLE_RETRY_SECONDS } from '../common/api-exception.filter.js';
import { DomainError } from '../common/domain-error.js';
import { UploadLockRepository } from './upload-lock.repository.js';
import { UploadStoreRepository } from './upload-store.repository.js';
import { sourceKeyOf, UploadsService } from './uploads.service.js';

export const UPLOADS_PATH = '/api/uploads';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type TusRequest = Parameters<NonNullable<ServerOptions['onUploadCreate']>>[0];

/** The signed-in person, put on the Node request by the auth guard before tus sees it. */
function whoOf(req: TusRequest): AuthUser {
  const r = req as unknown as {
    runtime?: { node?: { req: { auth?: AuthUser } } };
    node?: { req: { auth?: AuthUser } };
  };
  const auth = r.runtime?.node?.req.auth ?? r.node?.req.auth;
  if (!auth) throw DomainError.unauthenticated();
  return auth;
}

const clipIdOf = (uploadId: string): string => uploadId.split('/')[1] ?? '';

/** tus answers an error with a status and a text body: ours is the usual `ApiError` JSON. */
function tusError(e: DomainError): { status_code: number; body: string } {
  return { status_code: ERROR_STATUS[e.code], body: JSON.stringify(e.toBody()) };
}

/**
 * The tus protocol endpoint (`/api/uploads`, @tus/server over the S3 store). The request reaches
 * it through `UploadsController`, so the global auth guard has already resolved the session and
 * checked the CSRF header (tus-js-client sends `X-XSRF-TOKEN` like any other request). The hooks
 * hand every decision to `UploadsService`.
 */
@Injectable()
export class UploadsEndpoint {
  private readonly logger = new Logger('Uploads');
  private readonly server: Server;
  /** Clips declared by creation requests still in progress, to remove if the creation fails. */
  private readonly declared = new WeakMap<TusRequest, string>();

  constructor(
    private readonly uploads: UploadsService,
    store: UploadStoreRepository,
    locks: UploadLockRepository,
  ) {
    this.server = new Server({
      path: UPLOADS_PATH,
      datastore: store.store,
      locker: locks,
      namingFunction: () => sourceKeyOf(randomUUID()),
      generateUrl: (_req, { path, id }) => `${path}/${clipIdOf(id)}`,
      getFileIdFromRequest: (_req, last) => (last && UUID.test(last) ? sourceKeyOf(last.toLowerCase()) : undefined),
      // The upload is refused in onUploadCreate with a message naming the limit and by how much.
      onUploadCreate: async (req, upload) => {
        await this.run(() => this.uploads.declare(whoOf(req), clipIdOf(upload.id), upload.size, upload.metadata ?? {}));
        this.declared.set(req, clipIdOf(upload.id));
        return {};
      },
      onIncomingRequest: async (req, id) => {
        if (req.method === 'POST') return;
        await this.run(async () => {
          const clip = await this.uploads.authorise(whoOf(req), clipIdOf(id));
          if (req.method === 'HEAD') await this.uploads.resume(clip);
          if (req.method === 'PATCH') {
            const length = req.headers.get('content-length');
            await this.uploads.received(
              clip,
              Number(req.headers.get('upload-offset') ?? 0),
              length && /^\d+$/.test(length) ? Number(length) : null,
            );
          }
        });
      },
      onUploadFinish: async (_req, upload) => {
        await this.run(() => this.uploads.finished(clipIdOf(upload.id)));
        return {};
      },
      onResponseError: async (req, err) => {
        await this.forgetFailedCreation(req);
        if ('status_code' in err && typeof err.status_code === 'number' && err.status_code < 500) return undefined;
        // Storage or the database failing for a moment (a restart, an outage) is not the upload's
        // fault: 503 + Retry-After tells the client to come back to the same upload. A 500 on the
        // resume check (HEAD) made clients start over from byte 0 with a new upload.
        this.logger.warn({ err }, 'Upload request failed; answered 503');
        const body: ApiError = {
          code: ErrorCode.ServiceUnavailable,
          message: 'The upload could not be stored just now. It will continue when you try again.',
          details: { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS },
        };
        return { status_code: 503, body: JSON.stringify(body) };
      },
    });
  }

  handle(req: Request, res: Response): Promise<void> {
    // tus's error mapping sets a status and a body but no header: add Retry-After to its 503s.
    const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => Response;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      if (status === 503) res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_SECONDS));
      return writeHead(status, ...rest);
    }) as Response['writeHead'];
    return this.server.handle(req, res);
  }

  /** A creation (POST) that failed after its clip was declared leaves no clip behind. */
  private async forgetFailedCreation(req: TusRequest): Promise<void> {
    const clipId = this.declared.get(req);
    if (!clipId) return;
    this.declared.delete(req);
    await this.uploads
      .abandon(clipId)
      .catch((e: unknown) => this.logger.error({ err: e }, `Could not remove the failed upload ${clipId}`));
  }

  /** Domain errors become tus error responses with our JSON body. */
  private async run(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (e) {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- @tus/server answers errors shaped {status_code, body}
      if (e instanceof DomainError) throw tusError(e);
      throw e;
    }
  }
}
