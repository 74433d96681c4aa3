import { describe, expect, it } from '@jest/globals';
import { PNG_SIGNATURE, sniffImage } from './image-type.js';

describe(sniffImage.name, () => {
  it('recognises JPEG, PNG and WebP by their first bytes', () => {
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImage(Buffer.concat([PNG_SIGNATURE, Buffer.alloc(4)]))).toBe('image/png');
    expect(sniffImage(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
  });

  it('refuses anything else, however it is named: other RIFF files, GIF, text, too few bytes', () => {
    expect(sniffImage(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'))).toBeNull();
    expect(sniffImage(Buffer.from('GIF89a', 'latin1'))).toBeNull();
    expect(sniffImage(Buffer.from('<svg xmlns=', 'latin1'))).toBeNull();
    expect(sniffImage(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffImage(PNG_SIGNATURE.subarray(0, 7))).toBeNull();
  });
});
