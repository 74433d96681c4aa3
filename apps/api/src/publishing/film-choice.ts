import { ErrorCode, type DocumentaryInput, type RenderCandidate, type VideoCandidate } from '@atelier/contracts';
import { DomainError } from '../common/domain-error.js';

/** What a documentary's film is: a ready clip, a ready render, or nothing yet (never both). */
export interface FilmChoice {
  videoClipId: string | null;
  renderId: string | null;
}

/**
 * The film a trainer chose, checked against what the project has ready now: at most one source; a
 * clip must be a ready video of the project, a render a ready render of its timeline. Anything else
 * is refused with a message saying what to choose instead (nothing is stored).
 */
export function chooseFilm(
  input: Pick<DocumentaryInput, 'videoClipId' | 'renderId'>,
  clips: VideoCandidate[],
  renders: RenderCandidate[],
): FilmChoice {
  const videoClipId = input.videoClipId ?? null;
  const renderId = input.renderId ?? null;
  if (videoClipId && renderId) {
    throw DomainError.invalid(
      'Choose one film: either an uploaded finished edit or a render of the timeline, not both.',
      {
        fields: [{ field: 'renderId', messages: ['only one of videoClipId and renderId'] }],
      },
    );
  }
  if (videoClipId && !clips.some((c) => c.clipId === videoClipId)) {
    throw new DomainError(
      ErrorCode.DocumentaryNotReady,
      'This clip is not a ready video of this project. Choose a clip that has finished processing.',
    );
  }
  if (renderId && !renders.some((r) => r.renderId === renderId)) {
    throw new DomainError(
      ErrorCode.DocumentaryNotReady,
      'This render is not a finished render of this project. Choose a render that is ready, or wait for it to finish.',
    );
  }
  return { videoClipId, renderId };
}
