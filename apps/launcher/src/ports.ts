import { createServer } from 'node:net';

/** `preferred` if nothing listens there, else a free port the system picks. */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', (e: NodeJS.ErrnoException) => {
      if (preferred !== 0 && e.code === 'EADDRINUSE') resolve(freePort(0));
      else reject(e);
    });
    probe.listen(preferred, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Whether nothing listens on `port` (on any address: the API listens on all of them by default). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}
