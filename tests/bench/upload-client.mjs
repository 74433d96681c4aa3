// The client side of the upload benchmark (tests/bench/upload.ts), run as its own process so the
// client does not share an event loop with the embedded S3 server, which runs inside the bench
// runner. Reads one JSON argument, uploads the file, prints {"seconds": …, "url": …} and exits.
//   {"mode":"direct", "file", "size", "s3": {endPoint, port, useSSL, accessKey, secretKey, region}, "bucket", "key"}
//   {"mode":"tus", "file", "size", "endpoint", "headers", "metadata", "chunkSize"}   (chunkSize null = one request)
import { createReadStream } from 'node:fs';
import { Client } from 'minio';
import * as tus from 'tus-js-client';

const job = JSON.parse(process.argv[2]);
const started = performance.now();
let url = null;
if (job.mode === 'direct') {
  const minio = new Client({ ...job.s3, pathStyle: true, partSize: 8 * 1024 * 1024 });
  await minio.putObject(job.bucket, job.key, createReadStream(job.file), job.size);
} else {
  await new Promise((resolve, reject) => {
    const upload = new tus.Upload(createReadStream(job.file), {
      endpoint: job.endpoint,
      chunkSize: job.chunkSize ?? Number.POSITIVE_INFINITY,
      uploadSize: job.size,
      retryDelays: [],
      headers: job.headers,
      metadata: job.metadata,
      onSuccess: () => {
        url = upload.url;
        resolve();
      },
      onError: reject,
    });
    upload.start();
  });
}
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, url }));
