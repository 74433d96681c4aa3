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
