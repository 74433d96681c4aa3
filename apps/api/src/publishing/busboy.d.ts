// busboy ships without types (and @types/busboy is not installed): the part of its API we use.
declare module 'busboy' {
  import type { IncomingHttpHeaders } from 'node:http';
  import type { Readable, Writable } from 'node:stream';

  namespace busboy {
    interface Limits {
      files?: number;
      fileSize?: number;
      fields?: number;
    }
    interface FileInfo {
      filename: string;
      encoding: string;
      mimeType: string;
    }
    interface Busboy extends Writable {
      on(
        event: 'file',
        listener: (name: string, stream: Readable & { truncated?: boolean }, info: FileInfo) => void,
      ): this;
      on(event: 'field', listener: (name: string, value: string) => void): this;
      on(event: 'close' | 'finish', listener: () => void): this;
      on(event: 'error', listener: (err: Error) => void): this;
    }
  }
  function busboy(options: { headers: IncomingHttpHeaders; limits?: busboy.Limits }): busboy.Busboy;
  export default busboy;
}
