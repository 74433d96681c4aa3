import { ErrorCode, PAPER_FORM_MAX_BYTES } from '@atelier/contracts';
import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { DomainError } from '../common/domain-error.js';

/** A multipart/form-data request carrying one image in a field named `photo`. */
export interface ImageUpload {
  headers: IncomingHttpHeaders;
  body: Readable;
}

/** Image types recognised by their first bytes, not by the name or the declared type. */
function sniff(head: Buffer): string | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 12 && head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

const tooLarge = () =>
  new DomainError(ErrorCode.FileTooLarge, `The photo is larger than ${PAPER_FORM_MAX_BYTES / 1024 / 1024} MB. Take it again at a lower resolution.`, { maxBytes: PAPER_FORM_MAX_BYTES });
const notImage = () => new DomainError(ErrorCode.UnsupportedFileType, 'Only a photo (JPEG, PNG or WebP) of the form can be added.', { accepted: ['image/jpeg', 'image/png', 'image/webp'] });

/**
 * Streams the `photo` field to `store` without holding it in memory: the first bytes decide the type
 * (JPEG, PNG, WebP only); over the size limit the stored object is discarded and 413 is answered.
 */
export function receiveImage(upload: ImageUpload, store: (stream: Readable, contentType: string) => Promise<unknown>, discard: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: upload.headers, limits: { files: 1, fileSize: PAPER_FORM_MAX_BYTES, fields: 5 } });
    } catch {
      reject(DomainError.invalid('Send the photo as multipart/form-data in a field named "photo".'));
      return;
    }
    let handled = false;
    let failure: DomainError | null = null;
    parser.on('file', (name, file) => {
      if (name !== 'photo' || handled) {
        file.resume();
        return;
      }
      handled = true;
      let truncated = false;
      file.on('limit', () => (truncated = true));
      const out = new PassThrough();
      let head = Buffer.alloc(0);
      let started: Promise<unknown> | null = null;
      const start = (ended: boolean): void => {
        const type = sniff(head);
        if (!type) {
          failure = notImage();
          if (!ended) file.resume();
          return;
        }
        started = store(out, type);
        if (ended) {
          out.end(head);
        } else {
          out.write(head);
          file.pipe(out);
        }
      };
      file.on('data', function onData(chunk: Buffer) {
        head = Buffer.concat([head, chunk]);
        if (head.length >= 12) {
          file.off('data', onData);
          file.pause();
          start(false);
        }
      });
      file.on('end', () => {
        if (!started && !failure) {
          if (head.length === 0) failure = DomainError.invalid('The photo is empty.');
          else start(true);
        }
      });
      file.on('close', () => {
        void (async () => {
          try {
            if (started) await started;
            if (truncated) {
              await discard();
              failure = tooLarge();
            }
          } catch (e) {
            failure = failure ?? (e as DomainError);
          }
          finish();
        })();
      });
    });
    let closed = false;
    let fileDone = false;
    const finish = (): void => {
      fileDone = true;
      if (closed) settle();
    };
    const settle = (): void => {
      if (failure) reject(failure);
      else if (!handled) reject(DomainError.invalid('No photo was sent: add the picture of the form in the "photo" field.'));
      else resolve();
    };
    parser.on('close', () => {
      closed = true;
      if (!handled || fileDone) settle();
    });
    parser.on('error', () => reject(DomainError.invalid('The upload was cut off. Try again.')));
    upload.body.pipe(parser);
  });
}
