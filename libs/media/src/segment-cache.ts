import { createHash } from 'node:crypto';
import { RENDER_GOP } from './render-common.js';
import type { SegmentStep } from './timeline-render.js';

/**
 * Segment encodes kept between renders of a project (issue 19): a group that changes one segment
 * of a 20-clip film and renders again re-encodes only that segment, then re-assembles the film
 * (concat, loudness pass, HLS ladder) from the kept encodes of the others.
 *
 * A segment's encodes are a function of its ffmpeg command line (trim, fades, title, size, preset,
 * key frames on the film's clock modulo the GOP…), of the files it reads and of the encoder. The
 * content key hashes exactly these: the command line with the render's scratch paths taken out, the
 * identity of each source object, the title lines, and the encoder's version. Anything else that
 * changes an encode must change the command line, or `SEGMENT_CACHE_FORMAT`.
 */
export const SEGMENT_CACHE_FORMAT = 1;

/** What the pipeline asks of a segment cache (the worker: object storage under the project). */
export interface SegmentCache {
  /** Whether the segment's encodes were kept (known before the render starts). */
  has(seg: SegmentStep): boolean;
  /** Puts the kept encodes at `seg.output` and `seg.rungOutputs`; false when they could not be (then it is encoded). */
  restore(seg: SegmentStep): Promise<boolean>;
  /** Keeps the segment's fresh encodes for later renders (best effort: a failure to keep is not a failed render). */
  keep(seg: SegmentStep): Promise<void>;
}

/**
 * The content key of a segment's encodes. `sourceIdentity` names what each clip's file is (its object
 * key and probe: a re-processed clip gets a new identity); `encoder` is the encoder's version line.
 */
export function segmentContentKey(
  seg: SegmentStep,
  workDir: string,
  sourceIdentity: (clipId: string) => string,
  encoder: string,
): string {
  const outputs = new Map<string, string>([
    [seg.output, '<out>'],
    ...Object.entries(seg.rungOutputs).map(([rung, path]): [string, string] => [path, `<out:${rung}>`]),
  ]);
  const texts = new Map(seg.texts.map((t) => [t.path, t.content]));
  const args = seg.args.map((a) => {
    const out = outputs.get(a);
    if (out) return out;
    let normal = a;
    for (const [path, content] of texts) normal = normal.replaceAll(path, `<text:${content}>`);
    return normal.replaceAll(workDir, '<work>');
  });
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({
      format: SEGMENT_CACHE_FORMAT,
      encoder,
      gop: RENDER_GOP,
      args,
      sources: seg.clipIds.map((id) => [id, sourceIdentity(id)]),
    }),
  );
  return hash.digest('hex');
}
