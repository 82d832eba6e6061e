import { Readable } from 'node:stream';
import { AudioPlayerStatus, StreamType, createAudioResource, entersState, type AudioPlayer, type AudioResource } from '@discordjs/voice';
import { resampleMono } from '../../../pipeline/audio/index.js';
import type { Speaker } from '../../../pipeline/speech/types.js';
import { withDeadline, type VoiceResources } from './voiceResources.js';

/** Discord plays 48 kHz stereo; one 20 ms frame is 960 samples per channel. */
export const DISCORD_RATE = 48_000;
export const SAMPLES_PER_FRAME = 960;
const BYTES_PER_FRAME = SAMPLES_PER_FRAME * 2 * 2;

export interface QuestionAudio {
  resource: AudioResource;
  /** Length of the spoken question (whole 20 ms frames). */
  durationSec: number;
  /** 20 ms Opus frames the player will send for it (before its short silence tail). */
  frames: number;
}

/**
 * Mono PCM at any rate → 48 kHz stereo s16le, padded to whole 20 ms frames: the library's Raw input, which it
 * encodes to Opus itself. A partial last frame would otherwise be dropped by the encoder.
 */
export function toDiscordPcm(pcm: Int16Array, sampleRate: number): Buffer {
  const mono = resampleMono(pcm, sampleRate, DISCORD_RATE);
  const frames = Math.ceil(mono.length / SAMPLES_PER_FRAME);
  const out = Buffer.alloc(frames * BYTES_PER_FRAME);
  for (let i = 0; i < mono.length; i++) {
    const sample = mono[i] ?? 0;
    out.writeInt16LE(sample, 4 * i);
    out.writeInt16LE(sample, 4 * i + 2);
  }
  return out;
}

/** The question as speech from the configured Speaker, ready for an AudioPlayer. */
export async function questionAudio(speaker: Speaker, text: string, signal?: AbortSignal): Promise<QuestionAudio> {
  const speech = await speaker.speak(text, signal);
  const pcm = toDiscordPcm(speech.pcm, speech.sampleRate);
  const frames = pcm.length / BYTES_PER_FRAME;
  // One chunk per frame keeps the library's encoder fed at its own pace instead of holding one large buffer.
  const chunks = Array.from({ length: frames }, (_, i) => pcm.subarray(i * BYTES_PER_FRAME, (i + 1) * BYTES_PER_FRAME));
  const resource = createAudioResource(Readable.from(chunks), { inputType: StreamType.Raw });
  return { resource, durationSec: (frames * SAMPLES_PER_FRAME) / DISCORD_RATE, frames };
}

/**
 * Plays a resource and resolves when the player is idle again (the question has been heard), or when `signal`
 * aborts (a newer question, the round ended). A player that never starts or never finishes is given up on after
 * the resource's length plus a margin, so a stuck playback cannot hold answers back.
 */
export async function playToEnd(player: AudioPlayer, audio: QuestionAudio, signal: AbortSignal, resources: VoiceResources): Promise<void> {
  player.play(audio.resource);
  await withDeadline(resources, 5_000, signal, (limit) => entersState(player, AudioPlayerStatus.Playing, limit));
  await withDeadline(resources, audio.durationSec * 1000 + 5_000, signal, (limit) => entersState(player, AudioPlayerStatus.Idle, limit));
}
