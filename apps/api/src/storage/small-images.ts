import { StorageRepository } from '@atelier/storage';
import { Injectable } from '@nestjs/common';
import { Buffer } from 'node:buffer';
import sharp from 'sharp';

/**
 * Posters as big as a phone's player needs (a 390 px wide screen at up to 2×, rounded), where
 * JPEG posters are written at the proxy's or film's size (720p, 1280 px).
 */
export const SMALL_POSTER_WIDTH = 640;
/** WebP quality: posters are seen behind a play button; 70 keeps faces and titles clean. */
const WEBP_QUALITY = 70;

/** Whether the browser said it takes WebP (every current browser does, in its `Accept` for images). */
export function acceptsWebp(accept: string | undefined): boolean {
  return (
    !!accept && /(^|,)\s*image\/webp\s*(;|,|$)/i.test(accept) && !/image\/webp\s*;\s*q=0(\.0*)?\s*(,|$)/i.test(accept)
  );
}

/**
 * Small WebP copies of stored JPEG/PNG pictures (posters, thumbnail strips), made with sharp
 * (libvips: fast, bounded memory, prebuilt for Linux, macOS and Windows) on first request and kept
 * beside the original (`<key>.w640.webp`, `<key>.webp`), so each is made once for every node and
 * goes with the clip or render when it is deleted. Pictures are made here rather than by the
 * worker so that every poster already stored is served small too, without re-processing anything.
 */
@Injectable()
export class SmallImages {
  constructor(private readonly storage: StorageRepository) {}

  /**
   * The key to serve instead of `key` for a browser that sent `accept`: a WebP copy at most
   * `maxWidth` wide (null: same size, for strips whose tiles are addressed in pixels), or `key`
   * itself when the browser does not take WebP or `key` is not a JPEG/PNG.
   */
  async pick(key: string, accept: string | undefined, maxWidth: number | null = SMALL_POSTER_WIDTH): Promise<string> {
    if (!/\.(jpe?g|png)$/i.test(key) || !acceptsWebp(accept)) return key;
    const small = maxWidth ? `${key}.w${maxWidth}.webp` : `${key}.webp`;
    if (await this.storage.stat(small)) return small;
    const original = await this.read(key);
    if (!original) return key;
    const image = sharp(original);
    const webp = await (maxWidth ? image.resize({ width: maxWidth, withoutEnlargement: true }) : image)
      .webp({ quality: WEBP_QUALITY })
      .toBuffer();
    await this.storage.put(small, webp, webp.length, 'image/webp');
    return small;
  }

  private async read(key: string): Promise<Buffer | null> {
    if (!(await this.storage.stat(key))) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of await this.storage.get(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
