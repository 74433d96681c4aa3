import { CLIP_EVENTS_CHANNEL, type ClipProgressEvent } from '@atelier/contracts';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

/**
 * Clip changes announced with `pg_notify('atelier_clip_events', …)` by the worker (progress,
 * ready, failed) and by the upload transaction (processing). Every API node LISTENs on its own
 * dedicated connection — LISTEN needs one connection kept open, outside the pool — and passes each
 * event to its own sockets. Reconnects after a drop.
 */
@Injectable()
export class ClipEventsRepository implements OnApplicationShutdown {
  private readonly logger = new Logger('ClipEvents');
  private client: pg.Client | null = null;
  private stopped = false;
  private handler: ((e: ClipProgressEvent) => void) | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async listen(handler: (e: ClipProgressEvent) => void): Promise<void> {
    this.handler = handler;
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'atelier-clip-events' });
    client.on('notification', (msg) => {
      if (msg.channel !== CLIP_EVENTS_CHANNEL || !msg.payload) return;
      try {
        const e = JSON.parse(msg.payload) as ClipProgressEvent;
        if (typeof e.clipId === 'string' && typeof e.projectId === 'string') this.handler?.(e);
      } catch {
        this.logger.warn({ payload: msg.payload }, 'Ignored a clip event that is not JSON');
      }
    });
    const retry = (): void => {
      if (this.stopped || this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      setTimeout(() => void this.connect().catch((e: unknown) => this.logger.error({ err: e }, 'Could not listen for clip events')), 1000);
    };
    client.on('error', (err) => {
      this.logger.warn({ err }, 'Clip events connection lost; reconnecting');
      retry();
    });
    client.on('end', retry);
    this.client = client;
    await client.connect();
    await client.query(`LISTEN ${CLIP_EVENTS_CHANNEL}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
