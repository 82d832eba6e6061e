/** Shared shapes of the local fake Slack. Field names follow Slack's wire format (snake_case) on purpose. */

export type ApiArgs = Record<string, unknown>;

/** What produced a recorded request: a Web API method, the upload URL, a file download or a response_url POST. */
export type CallKind = 'api' | 'upload' | 'download' | 'response_url';

export interface RecordedCall {
  /** 1-based order of arrival across all kinds. */
  readonly seq: number;
  readonly kind: CallKind;
  /** Web API method name (`chat.postMessage`), or `upload` / `download` / `response_url` for the other kinds. */
  readonly method: string;
  /** Parsed arguments; JSON-string fields (blocks, attachments, files, metadata…) are parsed back into values. */
  readonly args: ApiArgs;
  /** The raw `Authorization` header, if any. */
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly path: string;
  /** HTTP status the fake answered. */
  readonly status: number;
  /** JSON body the fake answered (undefined for bytes / HTML answers). */
  readonly response: unknown;
}

/** How a request should fail instead of being served. */
export interface InjectedFailure {
  /** HTTP status; 200 for a Slack-style `{ok:false,error}` answer. */
  readonly status: number;
  /** Slack error code put in `{ok:false,error}`; omitted → a non-JSON body (like an upstream 5xx). */
  readonly error?: string;
  /** Sent as the `Retry-After` header (seconds). */
  readonly retryAfterSec?: number;
}

export interface FakeSlackFile {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  user_team: string;
  editable: boolean;
  size: number;
  mode: 'hosted';
  is_external: boolean;
  external_type: string;
  is_public: boolean;
  public_url_shared: boolean;
  display_as_bot: boolean;
  username: string;
  url_private: string;
  url_private_download: string;
  permalink: string;
  permalink_public: string;
  channels: string[];
  groups: string[];
  ims: string[];
  has_rich_preview: boolean;
  file_access: 'visible';
  subtype?: string;
  media_display_type?: string;
  duration_ms?: number;
  transcription?: { status: string; locale: string };
}

export interface AddFileSpec {
  id?: string;
  name: string;
  mimetype: string;
  filetype: string;
  /** `slack_audio` for recorded clips. */
  subtype?: string;
  bytes: Uint8Array;
  /** Downloads need `Authorization: Bearer <bot token>` (default true, like real Slack). */
  requireAuth?: boolean;
  /** Uploader; defaults to a user the fake knows. */
  user?: string;
  title?: string;
  durationMs?: number;
}

export interface AudioClipSpec {
  bytes: Uint8Array;
  /** Slack labels clips `audio/mp4` (AAC), sometimes `video/mp4`; some clients send `audio/webm` (Opus). */
  mimetype?: 'audio/mp4' | 'video/mp4' | 'audio/webm';
  id?: string;
  user?: string;
  durationMs?: number;
  requireAuth?: boolean;
}

export interface Reaction {
  name: string;
  users: string[];
  count: number;
}

/** A message the bot posted (or a file share the bot completed), with later updates applied. */
export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  reply_broadcast?: boolean;
  user: string;
  bot_id: string;
  files?: FakeSlackFile[];
  reactions: Reaction[];
  /** How many chat.update calls changed this message. */
  edits: number;
  deleted: boolean;
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  message_ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
}

/** One files.uploadV2 file, followed through its three steps. */
export interface UploadRecord {
  file_id: string;
  filename: string;
  /** `length` declared in files.getUploadURLExternal. */
  declaredLength: number;
  alt_text?: string;
  /** Bytes POSTed to the upload URL (undefined until then). */
  bytes?: Buffer;
  /** `multipart` (what WebClient sends, form field `body`) or `raw`. */
  encoding?: 'multipart' | 'raw';
  completed: boolean;
  title?: string;
  channel_id?: string;
  thread_ts?: string;
  initial_comment?: string;
  /** The shared file object, once completed. */
  file?: FakeSlackFile;
}

export interface FakeUser {
  id: string;
  name: string;
  real_name: string;
  tz: string;
  is_bot: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
  /** The other party for a DM (`D…`) channel. */
  user?: string;
}
