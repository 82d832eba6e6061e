import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { audioTooLong, audioUnreadable, audioUnsupported, ffmpegMissing } from './audioErrors.js';
import { DURATION_GRACE_SEC, SAMPLE_RATE } from './constants.js';
import type { DecodeLimits } from './decodeOpusFile.js';
import { PcmBuffer } from './PcmBuffer.js';

export interface FfmpegLimits extends DecodeLimits {
  /** Default: `FFMPEG_PATH` from the environment, else `ffmpeg` on PATH. */
  ffmpegPath?: string;
  /** A stuck ffmpeg is killed after this long. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const STDERR_KEEP = 16 * 1024;

export function resolveFfmpegPath(explicit?: string): string {
  return explicit ?? (process.env.FFMPEG_PATH?.trim() || 'ffmpeg');
}

/**
 * Any container ffmpeg reads (here: mp4/m4a AAC from Slack) → 16 kHz mono. The input goes through a temporary file
 * because an mp4 whose index (moov) sits at the end cannot be read from a pipe. ffmpeg resamples and downmixes
 * (libswresample) and streams s16le out, so a long file is never held at its original rate. The container's
 * duration, which ffmpeg prints before decoding, refuses an over-long clip at once.
 */
export async function decodeWithFfmpeg(data: Buffer, limits: FfmpegLimits): Promise<Int16Array> {
  const command = resolveFfmpegPath(limits.ffmpegPath);
  const dir = await mkdtemp(path.join(tmpdir(), 'interview-coach-audio-'));
  const input = path.join(dir, 'input');
  try {
    await writeFile(input, data);
    return await run(command, input, limits);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(command: string, input: string, limits: FfmpegLimits): Promise<Int16Array> {
  const capSec = limits.maxDurationSec + DURATION_GRACE_SEC;
  const out = new PcmBuffer(Math.ceil(capSec * SAMPLE_RATE));
  const args = ['-hide_banner', '-nostdin', '-i', input, '-map', '0:a:0', '-vn', '-ac', '1', '-ar', String(SAMPLE_RATE)];
  args.push('-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1');

  return new Promise<Int16Array>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let failure: Error | null = null;
    let odd: number | null = null; // a sample split across two stdout chunks
    const fail = (error: Error): void => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => fail(audioUnreadable('decoding took too long.')), limits.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const onAbort = (): void => fail(limits.signal?.reason instanceof Error ? limits.signal.reason : new Error('aborted'));
    limits.signal?.addEventListener('abort', onAbort, { once: true });

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_KEEP);
      const declared = parseDuration(stderr);
      if (declared !== null && declared > capSec) fail(audioTooLong(declared, limits.maxDurationSec));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (failure) return;
      let bytes = chunk;
      if (odd !== null) {
        bytes = Buffer.concat([Buffer.from([odd]), chunk]);
        odd = null;
      }
      if (bytes.length % 2 === 1) {
        odd = bytes[bytes.length - 1] ?? 0;
        bytes = bytes.subarray(0, bytes.length - 1);
      }
      const samples = new Int16Array(bytes.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(2 * i);
      if (out.append(samples) < samples.length) fail(audioTooLong(parseDuration(stderr), limits.maxDurationSec));
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      failure ??= error.code === 'ENOENT' || error.code === 'EACCES' ? ffmpegMissing(command, error) : error;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else if (code !== 0) reject(explainFailure(stderr));
      else if (out.length === 0) reject(audioUnreadable('the file holds no audio.'));
      else resolve(out.toInt16Array());
    });
  });
}

/** "Duration: 00:47:03.52" from ffmpeg's input summary; null when absent or "N/A". */
export function parseDuration(stderr: string): number | null {
  const match = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  if (!match) return null;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function explainFailure(stderr: string): Error {
  if (/matches no streams|does not contain any stream/i.test(stderr)) return audioUnreadable('the file has no audio track.');
  if (/decoder .* not found|unsupported codec|unknown codec|could not find codec/i.test(stderr)) {
    return audioUnsupported('audio in that codec');
  }
  const last = stderr.trim().split('\n').at(-1) ?? '';
  return audioUnreadable('the file is damaged or not audio.', new Error(`ffmpeg: ${last}`));
}
