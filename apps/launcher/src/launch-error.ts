/**
 * A launcher failure a newcomer can act on: its message is one sentence saying what went wrong and
 * what to do (free the port, install ffmpeg, set a variable). The launcher prints it alone, never a
 * stack trace.
 */
export class LaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LaunchError';
  }
}

/** One line for any failure: a LaunchError's sentence, or the first line of anything unexpected. */
export function explainFailure(e: unknown): string {
  if (e instanceof LaunchError) return e.message;
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
  return `${first || 'an unexpected error'} — this is unexpected: please report it with the lines above.`;
}
