import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { ClipClientEvents, ClipServerEvents, RenderProgressEvent } from '@atelier/contracts';
import { Realtime, type RealtimeChannel } from '../core/realtime';

/**
 * Live progress of a project's renders over socket.io: the `/clips` namespace, room of the project
 * (the same room as the bin's clip progress), event `render:progress`. `joined` is true while the
 * room is joined; the render panel polls slowly only while it is false. After a reconnection the room
 * is joined again and `joined` turns true, so the panel reloads what it may have missed.
 */
@Injectable()
export class RenderProgress {
  private readonly realtime = inject(Realtime);
  private channel: RealtimeChannel<ClipServerEvents, ClipClientEvents> | null = null;
  private projectId: string | null = null;
  private onEvent: ((e: RenderProgressEvent) => void) | null = null;
  readonly joined = signal(false);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.channel?.close());
  }

  watch(projectId: string, onEvent: (e: RenderProgressEvent) => void): void {
    this.projectId = projectId;
    this.onEvent = onEvent;
    this.joined.set(false);
    if (!this.channel) {
      this.channel = this.realtime.open<ClipServerEvents, ClipClientEvents>('/clips');
      this.channel.socket.on('connect', () => this.join());
      this.channel.socket.on('disconnect', () => this.joined.set(false));
      this.channel.socket.on('render:progress', (e) => {
        if (e.projectId === this.projectId) this.onEvent?.(e);
      });
    }
    if (this.channel.socket.connected) this.join();
  }

  private join(): void {
    const projectId = this.projectId;
    if (!projectId || !this.channel) return;
    this.channel.socket.emit('clips:join', { projectId }, (res) => {
      if (projectId === this.projectId) this.joined.set(res.ok);
    });
  }
}
