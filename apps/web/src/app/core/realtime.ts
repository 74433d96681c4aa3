import { DestroyRef, Injectable, inject, signal, type Signal } from '@angular/core';
import type { RealtimeConnectionState, RealtimeEventMap } from '@atelier/contracts';
import { Manager, type Socket } from 'socket.io-client';

/** A live connection to one socket.io namespace of the API, typed by the contracts' event maps. */
export interface RealtimeChannel<Listen extends RealtimeEventMap, Emit extends RealtimeEventMap> {
  readonly socket: Socket<Listen, Emit>;
  /** connecting → connected; reconnecting after a drop; offline when the browser has no network. */
  readonly state: Signal<RealtimeConnectionState>;
  /** Disconnects this namespace (the shared connection closes when no namespace uses it). */
  close(): void;
}

/**
 * socket.io to the same origin the page came from, authenticated by the session cookie
 * (`withCredentials`). Every feature opens its own namespace (`open('/boards')`); they share one
 * underlying connection, which reconnects by itself with backoff after a drop.
 *
 * Usage in a component or feature service:
 *   const channel = inject(Realtime).open<BoardServerEvents, BoardClientEvents>('/boards');
 *   channel.socket.on('op', (msg) => …);
 *   channel.socket.emit('join', { boardId, lastSeq }, (ack) => …);
 *   effect(() => channel.state() === 'connected' && rejoin());
 *   inject(DestroyRef).onDestroy(() => channel.close());
 */
@Injectable({ providedIn: 'root' })
export class Realtime {
  private manager: Manager | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.manager?.engine?.close());
  }

  open<Listen extends RealtimeEventMap, Emit extends RealtimeEventMap>(
    namespace: string,
  ): RealtimeChannel<Listen, Emit> {
    const manager = (this.manager ??= new Manager(globalThis.location?.origin ?? '', {
      path: '/socket.io',
      withCredentials: true,
      // WebSocket first (less data); long-polling when a network or proxy blocks it.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      autoConnect: true,
    }));
    const socket = manager.socket(namespace) as unknown as Socket<Listen, Emit>;
    const state = signal<RealtimeConnectionState>(socket.connected ? 'connected' : 'connecting');
    const offline = (): void => state.set('offline');
    const online = (): void => {
      if (!socket.connected) state.set('reconnecting');
    };
    socket.on('connect', () => state.set('connected'));
    socket.on('disconnect', (reason) => {
      state.set(navigator.onLine === false ? 'offline' : 'reconnecting');
      // The server closed this socket (its session was signed out or removed): socket.io does not
      // retry by itself then. Try once more: the refused handshake's connect_error says why.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', () => state.set(navigator.onLine === false ? 'offline' : 'reconnecting'));
    globalThis.addEventListener?.('offline', offline);
    globalThis.addEventListener?.('online', online);
    if (!socket.connected) socket.connect();
    return {
      socket,
      state: state.asReadonly(),
      close: () => {
        globalThis.removeEventListener?.('offline', offline);
        globalThis.removeEventListener?.('online', online);
        socket.removeAllListeners();
        socket.disconnect();
      },
    };
  }
}
