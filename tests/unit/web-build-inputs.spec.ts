import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webBuildInputs, webIsStale } from '../../tools/web-build-inputs.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));

function write(root: string, path: string, text: string, secondsAgo: number): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  const t = Date.now() / 1000 - secondsAgo;
  utimesSync(join(root, path), t, t);
}

describe(webBuildInputs.name, () => {
  it('lists the libs the client imports, and only those (the board engine included)', () => {
    const inputs = webBuildInputs(repo);
    expect(inputs).toEqual(expect.arrayContaining(['apps/web', 'angular.json', 'libs/board-engine', 'libs/contracts']));
    expect(inputs).not.toContain('libs/database');
  });
});

describe(webIsStale.name, () => {
  it('rebuilds when a lib the client imports, directly or through another lib, is newer than the build', () => {
    const root = mkdtempSync(join(tmpdir(), 'atelier-web-inputs-'));
    try {
      const paths = {
        '@atelier/engine': ['./libs/engine/src/index.ts'],
        '@atelier/shared': ['./libs/shared/src/index.ts'],
        '@atelier/db': ['./libs/db/src/index.ts'],
      };
      write(root, 'tsconfig.json', JSON.stringify({ compilerOptions: { paths } }), 100);
      write(root, 'angular.json', '{}', 100);
      write(root, 'apps/web/src/main.ts', "import { apply } from '@atelier/engine';\n", 100);
      write(root, 'libs/engine/src/index.ts', "export { x } from '@atelier/shared';\n", 100);
      write(root, 'libs/shared/src/index.ts', 'export const x = 1;\n', 100);
      write(root, 'libs/db/src/index.ts', 'export const y = 1;\n', 100);
      write(root, 'dist/web/browser/index.html', '<html></html>', 50);
      for (const dir of [
        'apps/web/src',
        'apps/web',
        'apps',
        'libs/engine/src',
        'libs/engine',
        'libs/shared/src',
        'libs/shared',
        'libs/db/src',
        'libs/db',
        'libs',
      ]) {
        const t = Date.now() / 1000 - 100;
        utimesSync(join(root, dir), t, t);
      }
      expect(webIsStale(root)).toBe(false);

      write(root, 'libs/db/src/index.ts', 'export const y = 2;\n', 10); // not imported by the client
      expect(webIsStale(root)).toBe(false);

      write(root, 'libs/shared/src/index.ts', 'export const x = 2;\n', 10); // imported through the engine
      expect(webIsStale(root)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
