import { describe, expect, it } from '@jest/globals';
import { relocatedDataDir, reachableBy } from './embedded-postgres.js';

const POSTGRES = { uid: 101, gid: 104 };
/** A fake file system: path → owner and mode. */
function fs(entries: Record<string, { mode: number; uid?: number; gid?: number }>) {
  return (p: string) => {
    const e = entries[p];
    if (!e) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return { mode: e.mode, uid: e.uid ?? 0, gid: e.gid ?? 0 };
  };
}

describe('where embedded PostgreSQL may live when started as root', () => {
  it('sees that the postgres user cannot enter a mode-700 /root', () => {
    const stat = fs({
      '/': { mode: 0o755 },
      '/root': { mode: 0o700 },
      '/root/atelier': { mode: 0o755 },
      '/root/atelier/data': { mode: 0o755 },
    });
    expect(reachableBy('/root/atelier/data', POSTGRES, stat)).toBe(false);
    expect(reachableBy('/root/atelier/data/pg', POSTGRES, stat)).toBe(false); // not created yet: its parents decide
  });

  it('lets it in through world, group or owner search permission', () => {
    const stat = fs({
      '/': { mode: 0o755 },
      '/srv': { mode: 0o750, gid: 104 },
      '/srv/a': { mode: 0o700, uid: 101 },
      '/var': { mode: 0o755 },
      '/var/lib': { mode: 0o755 },
    });
    expect(reachableBy('/srv/a', POSTGRES, stat)).toBe(true);
    expect(reachableBy('/var/lib/atelier/pg', POSTGRES, stat)).toBe(true);
    expect(reachableBy('/srv/a', { uid: 5, gid: 5 }, stat)).toBe(false);
  });

  it('gives every project folder its own place in the shared folder, the same at every start', () => {
    const a = relocatedDataDir('/root/atelier/data/pg', '/var/lib/atelier');
    expect(a).toMatch(/^\/var\/lib\/atelier\/data-[0-9a-f]{8}\/pg$/);
    expect(relocatedDataDir('/root/atelier/data/pg', '/var/lib/atelier')).toBe(a);
    expect(relocatedDataDir('/root/other/data/pg', '/var/lib/atelier')).not.toBe(a);
  });
});
