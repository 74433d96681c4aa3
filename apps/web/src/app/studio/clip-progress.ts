import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { ClipClientEvents, ClipProgressEvent, ClipServerEvents } from '@atelier/contracts';
import { Realtime, type RealtimeChannel } from '../core/realtime';

/**
 * Live status of the clips of one bin over socket.io (`/clips`, room of the project). The latest
 * event per clip is kept; the bin shows it over what it loaded. After a reconnection the room is
 * joined again and the bin reloads (events may have been missed meanwhile).
 */
@Injectable()
export class ClipProgress {
  private readonly realtime = inject(Realtime);
  private channel: RealtimeChannel<ClipServerEvents, ClipClientEvents> | null = null;
  private projectId: string | null = null;
  readonly latest = signal<ReadonlyMap<string, ClipProgressEvent>>(new Map());
  /** Bumped on each (re)connection, so the bin reloads what it may have missed. */
  readonly rejoined = signal(0);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.channel?.close());
  }

  watch(projectId: string): void {
    this.projectId = projectId;
    if (!this.channel) {
      this.channel = this.realtime.open<ClipServerEvents, ClipClientEvents>('/clips');
      this.channel.socket.on('connect', () => this.join());
      this.channel.socket.on('clips:progress', (e) => {
        if (e.projectId !== this.projectId) return;
        this.latest.update((m) => new Map(m).set(e.clipId, e));
      });
    }
    if (this.channel.socket.connected) this.join();
  }

  private join(): void {
    const projectId = this.projectId;
    if (!projectId || !this.channel) return;
    this.channel.socket.emit('clips:join', { projectId }, () => this.rejoined.update((n) => n + 1));
  }
}
