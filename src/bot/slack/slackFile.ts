/** The parts of a Slack file object this adapter reads; parsed from the wire, never cast. */
export interface SlackFileRef {
  id: string;
  name: string;
  mimetype: string;
  filetype: string;
  size: number | undefined;
  /** `slack_audio` for clips recorded with the 🎙 button. */
  subtype: string | undefined;
  urlPrivateDownload: string | undefined;
  /** Threads the file was shared into, when Slack says (files.info `shares`). */
  threads: { channel: string; threadTs: string }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `shares.public|private[channel][].thread_ts` → the threads a file sits in. */
function sharedThreads(shares: unknown): SlackFileRef['threads'] {
  const threads: SlackFileRef['threads'] = [];
  if (!isRecord(shares)) return threads;
  for (const visibility of [shares.public, shares.private]) {
    if (!isRecord(visibility)) continue;
    for (const [channel, entries] of Object.entries(visibility)) {
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        const threadTs = isRecord(entry) ? str(entry.thread_ts) : undefined;
        if (threadTs !== undefined) threads.push({ channel, threadTs });
      }
    }
  }
  return threads;
}

export function readSlackFile(value: unknown): SlackFileRef | undefined {
  if (!isRecord(value)) return undefined;
  const id = str(value.id);
  if (id === undefined) return undefined;
  return {
    id,
    name: str(value.name) ?? str(value.title) ?? 'file',
    mimetype: str(value.mimetype) ?? '',
    filetype: str(value.filetype) ?? '',
    size: typeof value.size === 'number' ? value.size : undefined,
    subtype: str(value.subtype),
    urlPrivateDownload: str(value.url_private_download) ?? str(value.url_private),
    threads: sharedThreads(value.shares),
  };
}

export function readSlackFiles(values: unknown): SlackFileRef[] {
  return Array.isArray(values) ? values.map(readSlackFile).filter((f): f is SlackFileRef => f !== undefined) : [];
}

const AUDIO_FILETYPES = new Set(['m4a', 'mp4', 'webm', 'ogg', 'oga', 'opus', 'wav', 'mp3', 'aac', 'flac', 'amr']);

/**
 * Clips are `slack_audio`, usually labelled audio/mp4 but sometimes video/mp4 or audio/webm; uploads are judged by
 * type. Formats the decoder refuses (mp3, flac) still count, so the person hears why rather than nothing.
 */
export function isAudioFile(file: SlackFileRef): boolean {
  if (file.subtype === 'slack_audio') return true;
  if (file.mimetype.startsWith('audio/')) return true;
  if (file.mimetype === 'video/mp4' || file.mimetype === 'video/webm') return AUDIO_FILETYPES.has(file.filetype);
  return file.mimetype === '' && AUDIO_FILETYPES.has(file.filetype);
}
