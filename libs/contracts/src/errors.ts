/**
 * Every error the API returns (HTTP body or socket error ack) has this shape. `code` is stable and
 * the web client translates it; `message` is an English fallback a person can act on.
 */
export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Extra facts for the UI (e.g. `retryAfterSeconds`, the failing `fields`). */
  details?: Record<string, unknown>;
}

export enum ErrorCode {
  ValidationFailed = 'validation_failed',
  MalformedJson = 'malformed_json',
  BodyTooLarge = 'body_too_large',
  /** A JSON body nested deeper than the API accepts. */
  BodyTooDeep = 'body_too_deep',
  /** Text with a character that cannot be stored (NUL, a lone surrogate, a control character); `details.fields` names it. */
  InvalidText = 'invalid_text',
  Unauthenticated = 'unauthenticated',
  InvalidCredentials = 'invalid_credentials',
  AccountLocked = 'account_locked',
  RateLimited = 'rate_limited',
  CsrfMismatch = 'csrf_mismatch',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  EmailTaken = 'email_taken',
  InvalidJoinCode = 'invalid_join_code',
  InvitationInvalid = 'invitation_invalid',
  LastAdmin = 'last_admin',
  // Instance administration and accounts
  OrganisationSuspended = 'organisation_suspended',
  NotInstanceAdmin = 'not_instance_admin',
  CurrentPasswordWrong = 'current_password_wrong',
  ResetLinkInvalid = 'reset_link_invalid',
  WorkerUnavailable = 'worker_unavailable',
  ProgrammeFull = 'programme_full',
  AlreadyEnrolled = 'already_enrolled',
  NotEnrolled = 'not_enrolled',
  InvalidProgrammeCode = 'invalid_programme_code',
  SessionCancelled = 'session_cancelled',
  SessionPast = 'session_past',
  AbsenceAnswered = 'absence_answered',
  CheckInClosed = 'check_in_closed',
  CheckInCodeExpired = 'check_in_code_expired',
  CheckInCodeOtherSession = 'check_in_code_other_session',
  CheckInCodeInvalid = 'check_in_code_invalid',
  /** A code typed offline reached the server more than `CHECK_IN_OFFLINE_MAX_SECONDS` after it was typed. */
  CheckInTypedTooLongAgo = 'check_in_typed_too_long_ago',
  /** An `Idempotency-Key` header that is not 8–128 letters, digits, '-' or '_'. */
  IdempotencyKeyInvalid = 'idempotency_key_invalid',
  /** The same `Idempotency-Key` was sent before with another request. */
  IdempotencyKeyReused = 'idempotency_key_reused',
  /** A request with this `Idempotency-Key` is still being answered. */
  IdempotencyInProgress = 'idempotency_in_progress',
  NotCompleted = 'not_completed',
  // Live boards
  BoardClosed = 'board_closed',
  BoardLocked = 'board_locked',
  BoardReadOnly = 'board_read_only',
  BoardPhaseClosed = 'board_phase_closed',
  BoardNotFacilitator = 'board_not_facilitator',
  BoardNotAuthor = 'board_not_author',
  BoardCardGone = 'board_card_gone',
  BoardCardTooLong = 'board_card_too_long',
  BoardCardEmpty = 'board_card_empty',
  BoardFull = 'board_full',
  BoardVoteClosed = 'board_vote_closed',
  BoardVoteBudgetSpent = 'board_vote_budget_spent',
  BoardVoteCardMax = 'board_vote_card_max',
  BoardInvalidOp = 'board_invalid_op',
  BoardOpConflict = 'board_op_conflict',
  BoardPhotoInvalid = 'board_photo_invalid',
  /** Text with characters that cannot be stored (NUL, half of an emoji's surrogate pair). */
  BoardTextInvalid = 'board_text_invalid',
  /** A socket message larger than the server accepts. */
  BoardMessageTooLarge = 'board_message_too_large',
  // Clip uploads (groups, bins, resumable uploads)
  UploadTooLarge = 'upload_too_large',
  /** A file of 0 bytes: nothing to send (usually a phone that had not finished saving it). */
  UploadEmpty = 'upload_empty',
  QuotaExceeded = 'quota_exceeded',
  UnsupportedMediaType = 'unsupported_media_type',
  UploadLengthRequired = 'upload_length_required',
  ClipNotReady = 'clip_not_ready',
  ClipNotFailed = 'clip_not_failed',
  OriginalNotKept = 'original_not_kept',
  NotVideoCourse = 'not_video_course',
  NotAParticipant = 'not_a_participant',
  // Timeline and render (projects context)
  TimelineStale = 'timeline_stale',
  TimelineInvalid = 'timeline_invalid',
  TimelineNotRenderable = 'timeline_not_renderable',
  RenderInProgress = 'render_in_progress',
  RenderNotActive = 'render_not_active',
  RenderNotReady = 'render_not_ready',
  // Publishing, consent and subtitles
  ConsentMissing = 'consent_missing',
  DocumentaryNotReady = 'documentary_not_ready',
  SubtitleMalformed = 'subtitle_malformed',
  UnsupportedFileType = 'unsupported_file_type',
  FileTooLarge = 'file_too_large',
  // First run, the admin command line and backups
  SetupDone = 'setup_done',
  SetupTokenInvalid = 'setup_token_invalid',
  SlugTaken = 'slug_taken',
  BackupTargetNotEmpty = 'backup_target_not_empty',
  BackupInvalid = 'backup_invalid',
  // Read-aloud
  /** espeak-ng has no voice for this language: the client says so instead of reading in another one. */
  NoVoiceForLanguage = 'no_voice_for_language',
  /** The database or the storage is unreachable for a moment (a restart): retry after `Retry-After`. */
  ServiceUnavailable = 'service_unavailable',
  Internal = 'internal_error',
}

export interface FieldError {
  field: string;
  messages: string[];
}
