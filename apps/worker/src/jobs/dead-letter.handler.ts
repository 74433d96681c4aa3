import { ClipFailure, type JobName, type JobOutcome, type JobPayloads } from '@atelier/contracts';
import { FAILURE_MESSAGES } from '@atelier/media';
import { Injectable } from '@nestjs/common';
import { ClipsRepository } from '../media/clips.repository.js';
import { RendersRepository } from '../render/renders.repository.js';

const RENDER_INTERRUPTED =
  'The render was interrupted several times (the server stopped or ran out of time). Try again; if it happens again, ask your administrator.';

/**
 * A probe, transcode or render job ended failed without its handler recording why: the worker died
 * or lost its heartbeat on the last attempt, or the job expired. Without this the clip stayed
 * "processing 11 %" forever and could not be retried. Marks it failed (only if still processing,
 * so a failure the handler did record is kept), with a reason a trainer can act on.
 */
@Injectable()
export class DeadLetterHandler {
  constructor(
    private readonly clips: ClipsRepository,
    private readonly renders: RendersRepository,
  ) {}

  async clipJobFailed({ clipId }: JobPayloads[JobName.ClipJobFailed]): Promise<JobOutcome<JobName.ClipJobFailed>> {
    const markedFailed = await this.clips.markFailed(
      clipId,
      ClipFailure.Interrupted,
      FAILURE_MESSAGES[ClipFailure.Interrupted],
    );
    return { status: 'done', result: { clipId, markedFailed } };
  }

  async renderJobFailed({
    renderId,
  }: JobPayloads[JobName.RenderJobFailed]): Promise<JobOutcome<JobName.RenderJobFailed>> {
    const markedFailed = await this.renders.markFailed(renderId, RENDER_INTERRUPTED);
    return { status: 'done', result: { renderId, markedFailed } };
  }
}
