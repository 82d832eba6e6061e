import { UserFacingError } from '../../errors.js';

/** "45 seconds", "47 minutes", "2 hours": rounded the way a person would say it. */
export function describeDuration(seconds: number): string {
  if (seconds < 90) {
    const s = Math.max(1, Math.round(seconds));
    return `${s} second${s === 1 ? '' : 's'}`;
  }
  if (seconds < 90 * 60) {
    const m = Math.round(seconds / 60);
    return `${m} minute${m === 1 ? '' : 's'}`;
  }
  const h = Math.round(seconds / 1800) / 2;
  return `${h} hour${h === 1 ? '' : 's'}`;
}

/** `actualSec` is null when the container does not say and decoding stopped at the cap. */
export function audioTooLong(actualSec: number | null, capSec: number): UserFacingError {
  const cap = describeDuration(capSec);
  const what =
    actualSec === null ? `That clip is longer than ${cap}` : `That clip is ${describeDuration(actualSec)} long`;
  return new UserFacingError('audio_too_long', `${what}; answers are capped at ${cap}.`);
}

export function audioTooLarge(bytes: number, maxBytes: number): UserFacingError {
  return new UserFacingError(
    'audio_too_large',
    `That file is ${describeBytes(bytes)}; audio answers are limited to ${describeBytes(maxBytes)}.`,
  );
}

export function audioUnreadable(detail: string, cause?: unknown): UserFacingError {
  return new UserFacingError('audio_unreadable', `I couldn't read that audio: ${detail}`, { cause });
}

/** `what` completes "I can't read …": "MP3 files", "Ogg Vorbis audio". */
export function audioUnsupported(what: string): UserFacingError {
  return new UserFacingError(
    'audio_unsupported',
    `I can't read ${what}. Send a voice message, an m4a/mp4 clip, Ogg or WebM (Opus) audio, or a WAV file.`,
  );
}

export function ffmpegMissing(command: string, cause?: unknown): UserFacingError {
  return new UserFacingError(
    'ffmpeg_missing',
    `I can't read m4a/mp4 clips here: the bot's host has no ffmpeg (tried \`${command}\`). ` +
      'Ask an admin to install ffmpeg or set FFMPEG_PATH. Voice messages and text answers still work.',
    { cause },
  );
}

function describeBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? `${Math.round(mb)} MB` : `${Math.round(mb * 10) / 10} MB`;
}
