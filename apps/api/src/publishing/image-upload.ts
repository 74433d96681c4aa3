import { ErrorCode, PAPER_FORM_MAX_BYTES } from '@atelier/contracts';
import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { DomainError } from '../common/domain-error.js';
import { sniffImage } from '../common/image-type.js';

/** A multipart/form-data request carrying one image in a field named `photo`. */
export interface ImageUpload {
  headers: IncomingHttpHeaders;
  body: Readable;
}

const tooLarge = () =>
  new DomainError(
    ErrorCode.FileTooLarge,
    `The photo is larger than ${PAPER_FORM_MAX_BYTES / 1024 / 1024} MB. Take it again at a lower resolution.`,
    { maxBytes: PAPER_FORM_MAX_BYTES },
  );
const notImage = () =>
  new DomainError(ErrorCode.UnsupportedFileType, 'Only a photo (JPEG, PNG or WebP) of the form can be added.', {
    accepted: ['image/jpeg', 'image/png', 'image/webp'],
  });

/**
 * Streams the `photo` field to `store` without holding it in memory: the first bytes decide the type
 * (JPEG, PNG, WebP only); over the size limit the stored object is discarded and 413 is answered.
 */
export function receiveImage(
  upload: ImageUpload,
  store: (stream: Readable, contentType: string) => Promise<unknown>,
  discard: () => Promise<void>,
): Promise<void> {
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
        const type = sniffImage(head);
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
      else if (!handled)
        reject(DomainError.invalid('No photo was sent: add the picture of the form in the "photo" field.'));
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
