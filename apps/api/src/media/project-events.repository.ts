import {
  CLIP_EVENTS_CHANNEL,
  RENDER_EVENTS_CHANNEL,
  type ClipProgressEvent,
  type RenderProgressEvent,
} from '@atelier/contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

/** What an API node does with each kind of project event it hears. */
export interface ProjectEventHandlers {
  clip(e: ClipProgressEvent): void;
  render(e: RenderProgressEvent): void;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Changes in a project's media announced with `pg_notify`: clips on `atelier_clip_events` (the
 * worker's progress, ready, failed; the upload transaction's processing) and renders on
 * `atelier_render_events` (the worker's status and progress; the API's cancel). Every API node
 * LISTENs to both on ONE dedicated connection — LISTEN needs a connection kept open, outside the
 * pool — and passes each event to its own sockets. Reconnects after a drop.
 */
@Injectable()
export class ProjectEventsRepository implements OnApplicationShutdown {
  private readonly logger = new Logger('ProjectEvents');
  private client: pg.Client | null = null;
  private stopped = false;
  private handlers: ProjectEventHandlers | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async listen(handlers: ProjectEventHandlers): Promise<void> {
    this.handlers = handlers;
    await this.connect();
  }

  /** One notification → the matching handler; anything malformed is logged and dropped. */
  dispatch(channel: string, payload: string | undefined): void {
    if (!payload || (channel !== CLIP_EVENTS_CHANNEL && channel !== RENDER_EVENTS_CHANNEL)) return;
    let e: unknown;
    try {
      e = JSON.parse(payload);
    } catch {
      this.logger.warn({ channel, payload }, 'Ignored a project event that is not JSON');
      return;
    }
    if (!isObject(e) || typeof e['projectId'] !== 'string') return;
    if (channel === CLIP_EVENTS_CHANNEL && typeof e['clipId'] === 'string')
      this.handlers?.clip(e as unknown as ClipProgressEvent);
    if (channel === RENDER_EVENTS_CHANNEL && typeof e['renderId'] === 'string')
      this.handlers?.render(e as unknown as RenderProgressEvent);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.config.databaseUrl,
      application_name: 'atelier-project-events',
    });
    client.on('notification', (msg) => this.dispatch(msg.channel, msg.payload));
    const retry = (): void => {
      if (this.stopped || this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      setTimeout(
        () =>
          void this.connect().catch((e: unknown) =>
            this.logger.error({ err: e }, 'Could not listen for project events'),
          ),
        1000,
      );
    };
    client.on('error', (err) => {
      this.logger.warn({ err }, 'Project events connection lost; reconnecting');
      retry();
    });
    client.on('end', retry);
    this.client = client;
    await client.connect();
    await client.query(`LISTEN ${CLIP_EVENTS_CHANNEL}; LISTEN ${RENDER_EVENTS_CHANNEL}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
