import { loginPageHtml } from './loginPage.js';
import { nextId } from './slackIds.js';
import type { AddFileSpec, FakeSlackFile, UploadRecord } from './types.js';

interface StoredFile {
  file: FakeSlackFile;
  bytes: Buffer;
  requireAuth: boolean;
}

export interface DownloadAnswer {
  status: number;
  contentType: string;
  body: Buffer | string;
  headers: Record<string, string>;
  /** Why the answer is what it is, for the call log. */
  outcome: 'served' | 'login_page' | 'not_found';
  fileId?: string;
}

export interface FileStoreConfig {
  baseUrl: () => string;
  teamId: string;
  teamDomain: string;
  botToken: string;
  defaultUser: string;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  webm: 'audio/webm',
  ogg: 'audio/ogg',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
};

const DOWNLOAD_PATH = /^\/files-pri\/[^/-]+-([^/]+)\/(?:download\/)?[^/]+$/;

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Files the fake serves at url_private(_download), and the three-step files.uploadV2 flow. */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private readonly uploadsById = new Map<string, UploadRecord>();
  /** false → every download answers the HTML login page, like a token without files:read. */
  filesReadScope = true;

  constructor(private readonly config: FileStoreConfig) {}

  add(spec: AddFileSpec): FakeSlackFile {
    const id = spec.id ?? nextId('F');
    const base = this.config.baseUrl();
    const user = spec.user ?? this.config.defaultUser;
    const created = Math.floor(Date.now() / 1000);
    const encodedName = encodeURIComponent(spec.name);
    const file: FakeSlackFile = {
      id,
      created,
      timestamp: created,
      name: spec.name,
      title: spec.title ?? spec.name,
      mimetype: spec.mimetype,
      filetype: spec.filetype,
      pretty_type: spec.filetype.toUpperCase(),
      user,
      user_team: this.config.teamId,
      editable: false,
      size: spec.bytes.byteLength,
      mode: 'hosted',
      is_external: false,
      external_type: '',
      is_public: false,
      public_url_shared: false,
      display_as_bot: false,
      username: '',
      url_private: `${base}/files-pri/${this.config.teamId}-${id}/${encodedName}`,
      url_private_download: `${base}/files-pri/${this.config.teamId}-${id}/download/${encodedName}`,
      permalink: `${base}/files/${user}/${id}/${encodedName}`,
      permalink_public: `${base}/${this.config.teamId}-${id}-fakepublic`,
      channels: [],
      groups: [],
      ims: [],
      has_rich_preview: false,
      file_access: 'visible',
    };
    if (spec.subtype !== undefined) file.subtype = spec.subtype;
    if (spec.durationMs !== undefined) file.duration_ms = spec.durationMs;
    if (spec.subtype === 'slack_audio') {
      file.media_display_type = 'audio';
      file.transcription = { status: 'none', locale: 'en-US' };
    }
    this.files.set(id, { file, bytes: Buffer.from(spec.bytes), requireAuth: spec.requireAuth ?? true });
    return file;
  }

  get(id: string): FakeSlackFile | undefined {
    return this.files.get(id)?.file;
  }

  download(path: string, authorization: string | undefined): DownloadAnswer {
    const html = 'text/html; charset=utf-8';
    const match = DOWNLOAD_PATH.exec(path);
    const stored = match?.[1] === undefined ? undefined : this.files.get(match[1]);
    if (stored === undefined) {
      return { status: 404, contentType: html, body: '<html><body>Not found</body></html>', headers: {}, outcome: 'not_found' };
    }
    const authorized = authorization === `Bearer ${this.config.botToken}`;
    if (!this.filesReadScope || (stored.requireAuth && !authorized)) {
      return { status: 200, contentType: html, body: loginPageHtml(this.config.teamDomain), headers: {}, outcome: 'login_page', fileId: stored.file.id };
    }
    return {
      status: 200,
      contentType: stored.file.mimetype,
      body: stored.bytes,
      headers: { 'Content-Disposition': `attachment; filename="${encodeURIComponent(stored.file.name)}"` },
      outcome: 'served',
      fileId: stored.file.id,
    };
  }

  beginUpload(filename: string, length: number, altText: string | undefined): UploadRecord {
    const record: UploadRecord = { file_id: nextId('F'), filename, declaredLength: length, completed: false };
    if (altText !== undefined) record.alt_text = altText;
    this.uploadsById.set(record.file_id, record);
    return record;
  }

  uploadUrl(fileId: string): string {
    return `${this.config.baseUrl()}/upload/v1/${fileId}`;
  }

  /** The file id an upload URL path belongs to, if it is one. */
  static uploadIdFromPath(path: string): string | undefined {
    return /^\/upload\/v1\/([^/]+)$/.exec(path)?.[1];
  }

  receiveBytes(fileId: string, bytes: Buffer, encoding: 'multipart' | 'raw'): UploadRecord | undefined {
    const record = this.uploadsById.get(fileId);
    if (record === undefined || record.completed) return undefined;
    record.bytes = bytes;
    record.encoding = encoding;
    return record;
  }

  pendingUpload(fileId: string): UploadRecord | undefined {
    const record = this.uploadsById.get(fileId);
    return record === undefined || record.completed || record.bytes === undefined ? undefined : record;
  }

  /** Turns an uploaded blob into a Slack file owned by the bot; the caller shares it into a channel. */
  complete(record: UploadRecord, share: { title?: string; channel_id?: string; thread_ts?: string; initial_comment?: string; user: string }): FakeSlackFile {
    const extension = extensionOf(record.filename);
    const file = this.add({
      id: record.file_id,
      name: record.filename,
      title: share.title ?? record.filename,
      mimetype: MIME_BY_EXTENSION[extension] ?? 'application/octet-stream',
      filetype: extension === '' ? 'binary' : extension,
      bytes: record.bytes ?? Buffer.alloc(0),
      user: share.user,
    });
    if (share.channel_id !== undefined) file.channels.push(share.channel_id);
    record.completed = true;
    record.file = file;
    if (share.title !== undefined) record.title = share.title;
    if (share.channel_id !== undefined) record.channel_id = share.channel_id;
    if (share.thread_ts !== undefined) record.thread_ts = share.thread_ts;
    if (share.initial_comment !== undefined) record.initial_comment = share.initial_comment;
    return file;
  }

  uploads(): UploadRecord[] {
    return [...this.uploadsById.values()];
  }
}
