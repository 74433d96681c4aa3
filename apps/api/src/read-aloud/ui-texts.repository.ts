import { Inject, Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';

type Tree = { [key: string]: string | Tree };

/**
 * The web client's own translation files (`i18n/<language>.json`), read from the built client the
 * API serves (WEB_DIST) or, in development, from the sources. Only whole UI strings without
 * parameters are given out: what a signed-out screen may have read aloud.
 */
@Injectable()
export class UiTextsRepository {
  private readonly dir: string;
  private readonly files = new Map<string, Promise<Tree | null>>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dir = config.webDist ? join(config.webDist, 'i18n') : resolve('apps/web/public/i18n');
  }

  /** The string at `key` (`join.title`) in `language`, or null when there is none or it takes parameters. */
  async text(language: string, key: string): Promise<string | null> {
    let node: string | Tree | undefined = (await this.file(language)) ?? undefined;
    for (const part of key.split('.')) {
      if (typeof node !== 'object' || !Object.hasOwn(node, part)) return null;
      node = node[part];
    }
    return typeof node === 'string' && !node.includes('{{') ? node : null;
  }

  /** `language` is checked by the caller against READ_ALOUD_LANGUAGE: no path can be made of it. */
  private file(language: string): Promise<Tree | null> {
    let file = this.files.get(language);
    if (!file) {
      file = readFile(join(this.dir, `${language}.json`), 'utf8').then(
        (text) => JSON.parse(text) as Tree,
        () => null,
      );
      this.files.set(language, file);
    }
    return file;
  }
}
