import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process: Node's default metrics plus HTTP request counts and durations. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'atelier_' });

const requests = new Counter({
  name: 'atelier_http_requests_total',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

const duration = new Histogram({
  name: 'atelier_http_request_duration_seconds',
  help: 'HTTP request duration by method and route',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

let countSockets: () => Array<[string, number]> = () => [];

/** How the realtime adapter reports this node's open sockets per namespace (read at each scrape). */
export function countSocketsWith(count: () => Array<[string, number]>): void {
  countSockets = count;
}

new Gauge({
  name: 'atelier_realtime_sockets',
  help: 'Open socket.io connections on this API node, by namespace',
  labelNames: ['namespace'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [namespace, n] of countSockets()) this.set({ namespace }, n);
  },
});

/** Labels by route pattern (`/api/participants/:id`), never by raw path, so ids do not explode the series. */
export function measureRequests(req: Request, res: Response, next: NextFunction): void {
  const end = duration.startTimer();
  res.on('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path;
    const label = route ? `${req.baseUrl}${route}` : req.path.startsWith('/api') ? 'unmatched' : 'static';
    requests.inc({ method: req.method, route: label, status: String(res.statusCode) });
    end({ method: req.method, route: label });
  });
  next();
}
