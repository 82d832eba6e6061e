import { audioTooLarge, audioUnreadable, audioUnsupported } from './audioErrors.js';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DURATION_SEC, SAMPLE_RATE } from './constants.js';
import { decodeOggOpus, decodeWebmOpus } from './decodeOpusFile.js';
import { decodeWav } from './decodeWav.js';
import { decodeWithFfmpeg } from './decodeWithFfmpeg.js';
import { detectSpeech } from './EnergyVad.js';
import { sniffContainer } from './sniffContainer.js';
import type { AnswerAudio } from './types.js';

export interface DecodeAudioOptions {
  /** Only used in messages: the container is read from the bytes, because labels are often wrong. */
  contentType?: string;
  fileName?: string;
  /** Default 300 (5 minutes). Longer clips are refused with `audio_too_long`, before all of them is decoded. */
  maxDurationSec?: number;
  /** Default 25 MiB. Larger files are refused with `audio_too_large` without decoding. */
  maxBytes?: number;
  /** For mp4/m4a/AAC. Default: `FFMPEG_PATH`, else `ffmpeg` on PATH. */
  ffmpegPath?: string;
  signal?: AbortSignal;
}

const UNSUPPORTED_NAMES = { mp3: 'MP3 files', flac: 'FLAC files', amr: 'AMR voice notes' } as const;

/**
 * A whole audio file → 16 kHz mono answer audio with speech segments. Opus in Ogg or WebM and WAV decode in
 * process; mp4/m4a/AAC go through ffmpeg. Throws `UserFacingError` (audio_unreadable, audio_unsupported,
 * audio_too_long, audio_too_large, ffmpeg_missing). Silence only is not an error here: `speech` is empty.
 */
export async function decodeAudioFile(data: Buffer, options: DecodeAudioOptions = {}): Promise<AnswerAudio> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const limits = { maxDurationSec: options.maxDurationSec ?? DEFAULT_MAX_DURATION_SEC, signal: options.signal };
  if (data.length === 0) throw audioUnreadable('the file is empty.');
  if (data.length > maxBytes) throw audioTooLarge(data.length, maxBytes);

  const kind = sniffContainer(data);
  const ffmpeg = { ...limits, ffmpegPath: options.ffmpegPath };
  let pcm: Int16Array;
  switch (kind) {
    case 'ogg': {
      const decoded = await decodeOggOpus(data, limits);
      pcm = decoded === 'needs-ffmpeg' ? await decodeWithFfmpeg(data, ffmpeg) : decoded;
      break;
    }
    case 'webm':
      pcm = await decodeWebmOpus(data, limits);
      break;
    case 'wav':
      pcm = decodeWav(data, limits);
      break;
    case 'mp4':
    case 'aac':
      pcm = await decodeWithFfmpeg(data, ffmpeg);
      break;
    case 'mp3':
    case 'flac':
    case 'amr':
      throw audioUnsupported(UNSUPPORTED_NAMES[kind]);
    case 'html':
      throw audioUnreadable('I got a web page instead of the audio (the bot may lack permission to download files).');
    case 'unknown':
      throw audioUnreadable(`${describeSource(options)} is not an audio file I recognise.`);
  }
  return { pcm, sampleRate: SAMPLE_RATE, durationSec: pcm.length / SAMPLE_RATE, speech: detectSpeech(pcm, SAMPLE_RATE) };
}

function describeSource(options: DecodeAudioOptions): string {
  if (options.fileName) return `“${options.fileName}”`;
  if (options.contentType) return `that ${options.contentType} file`;
  return 'that file';
}
