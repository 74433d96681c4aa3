/**
 * Object keys of a clip's outputs. Everything the worker writes sits under `clips/<clipId>/`, at
 * fixed names, so running a transcode again overwrites the same keys.
 */
export const clipPrefix = (clipId: string): string => `clips/${clipId}/`;
export const outputKey = (clipId: string, relativePath: string): string => `${clipPrefix(clipId)}${relativePath}`;
/** HLS segments may differ in number from one run to the next: stale ones under here are removed. */
export const hlsPrefix = (clipId: string): string => `${clipPrefix(clipId)}hls/`;

/** The upload's objects: the source itself and what the tus S3 store keeps beside it. */
export const sourceObjects = (sourceKey: string): string[] => [sourceKey, `${sourceKey}.info`, `${sourceKey}.part`];

const TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  mp4: 'video/mp4',
  m4a: 'audio/mp4',
  jpg: 'image/jpeg',
  png: 'image/png',
};

export function contentTypeOf(path: string): string {
  return TYPES[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}
