import type { TimeSpan } from './types.js';

/**
 * Voice activity from frame energy, with hysteresis. webrtcvad is not available here, and for one speaker close to
 * a microphone energy does the job; music or loud chatter in the background will count as speech.
 *
 * - Frames of 20 ms; energy E = 10·log10(mean(x²)) in dB relative to full scale (floored at -100 dBFS).
 * - Noise floor N: the lowest frame energy of the last ~3 s (minimum statistics), clamped to ≥ -90 dBFS and assumed
 *   -60 dBFS until 3 s have been seen. It follows a noise level that rises or falls within 3 s, and a speaker who
 *   talks without pausing cannot drag it up to speech level.
 * - Onset threshold  T_on  = max(N + 10 dB, -50 dBFS); offset threshold T_off = max(N + 5 dB, -55 dBFS).
 * - Speech starts after 3 consecutive frames ≥ T_on (60 ms; rejects clicks). The segment start is moved back over
 *   up to 5 preceding frames ≥ T_off, so soft onsets count.
 * - Speech ends once frames stay < T_off for 300 ms (hangover: bridges stops and breaths between words); the segment
 *   ends after its last frame ≥ T_off, so the decision delay does not lengthen segments or shorten pauses.
 * The two thresholds are the hysteresis: starting needs clear energy, staying needs only a little.
 */
export interface EnergyVadOptions {
  sampleRate?: number;
  onsetAboveNoiseDb?: number;
  offsetAboveNoiseDb?: number;
  minOnsetDbfs?: number;
  minOffsetDbfs?: number;
  onsetFrames?: number;
  hangoverSec?: number;
}

const FRAME_SEC = 0.02;
const SILENT_DB = -100;
const NOISE_CLAMP_DB = -90;
/** Assumed until 3 s of audio have been seen: a quiet room through a headset. Quieter audio lowers it at once. */
const INITIAL_NOISE_DB = -60;
/** Noise-floor window: 6 blocks of 25 frames (0.5 s) plus the block being filled. */
const BLOCK_FRAMES = 25;
const BLOCKS = 6;
const LOOKBACK_FRAMES = 5;

/** Frame energy in dBFS of samples [start, end). */
export function frameEnergyDb(pcm: Int16Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) {
    const v = pcm[i] ?? 0;
    sum += v * v;
  }
  const n = end - start;
  if (n <= 0 || sum === 0) return SILENT_DB;
  return Math.max(SILENT_DB, 10 * Math.log10(sum / n / (32768 * 32768)));
}

export class EnergyVad {
  readonly sampleRate: number;
  readonly frameSamples: number;
  readonly #opts: Required<Omit<EnergyVadOptions, 'sampleRate'>>;
  readonly #hangoverFrames: number;
  readonly #segments: TimeSpan[] = [];
  readonly #carry: Int16Array;
  #carryLength = 0;
  #frame = 0;
  // Noise floor (minimum statistics)
  readonly #blockMins = new Float64Array(BLOCKS).fill(INITIAL_NOISE_DB);
  #blockMin = Infinity;
  #blockFill = 0;
  #blockIndex = 0;
  // Recent energies for the onset look-back
  readonly #recent = new Float64Array(LOOKBACK_FRAMES + 8).fill(SILENT_DB);
  // Hysteresis state
  #inSpeech = false;
  #run = 0;
  #segmentStart = 0;
  #lastActive = -1;
  #quietFrames = 0;
  #lastVoiceFrameEnd: number | null = null;

  constructor(options: EnergyVadOptions = {}) {
    this.sampleRate = options.sampleRate ?? 16000;
    this.frameSamples = Math.round(this.sampleRate * FRAME_SEC);
    this.#opts = {
      onsetAboveNoiseDb: options.onsetAboveNoiseDb ?? 10,
      offsetAboveNoiseDb: options.offsetAboveNoiseDb ?? 5,
      minOnsetDbfs: options.minOnsetDbfs ?? -50,
      minOffsetDbfs: options.minOffsetDbfs ?? -55,
      onsetFrames: options.onsetFrames ?? 3,
      hangoverSec: options.hangoverSec ?? 0.3,
    };
    this.#hangoverFrames = Math.max(1, Math.round(this.#opts.hangoverSec / FRAME_SEC));
    this.#carry = new Int16Array(this.frameSamples);
  }

  /** Closed segments so far (an open one is added by `flush()`). */
  get segments(): readonly TimeSpan[] {
    return this.#segments;
  }

  get inSpeech(): boolean {
    return this.#inSpeech;
  }

  /** End of the last frame that counted as voice, in seconds; null before any speech. */
  get lastVoiceSec(): number | null {
    return this.#lastVoiceFrameEnd === null ? null : this.#lastVoiceFrameEnd * FRAME_SEC;
  }

  /** Audio analysed so far, in seconds (whole frames). */
  get processedSec(): number {
    return this.#frame * FRAME_SEC;
  }

  push(samples: Int16Array): void {
    let i = 0;
    const size = this.frameSamples;
    if (this.#carryLength > 0) {
      const take = Math.min(size - this.#carryLength, samples.length);
      this.#carry.set(samples.subarray(0, take), this.#carryLength);
      this.#carryLength += take;
      i = take;
      if (this.#carryLength < size) return;
      this.#step(frameEnergyDb(this.#carry, 0, size));
      this.#carryLength = 0;
    }
    for (; i + size <= samples.length; i += size) this.#step(frameEnergyDb(samples, i, i + size));
    if (i < samples.length) {
      this.#carry.set(samples.subarray(i));
      this.#carryLength = samples.length - i;
    }
  }

  /** Same as pushing `count` zero samples, without touching memory (gaps in live audio can be long). */
  pushSilence(count: number): void {
    let left = Math.max(0, Math.floor(count));
    const size = this.frameSamples;
    if (this.#carryLength > 0) {
      const take = Math.min(size - this.#carryLength, left);
      this.#carry.fill(0, this.#carryLength, this.#carryLength + take);
      this.#carryLength += take;
      left -= take;
      if (this.#carryLength < size) return;
      this.#step(frameEnergyDb(this.#carry, 0, size));
      this.#carryLength = 0;
    }
    for (; left >= size; left -= size) this.#step(SILENT_DB);
    this.#carry.fill(0, 0, left);
    this.#carryLength = left;
  }

  /** Ends the analysis: a segment still open is closed at its last voiced frame. Returns every segment. */
  flush(): TimeSpan[] {
    if (this.#carryLength > 0) {
      this.#step(frameEnergyDb(this.#carry, 0, this.#carryLength));
      this.#carryLength = 0;
    }
    if (this.#inSpeech) this.#close();
    return [...this.#segments];
  }

  #step(energy: number): void {
    const frame = this.#frame++;
    this.#recent[frame % this.#recent.length] = energy;
    const noise = this.#noiseFloor();
    const onset = Math.max(noise + this.#opts.onsetAboveNoiseDb, this.#opts.minOnsetDbfs);
    const offset = Math.max(noise + this.#opts.offsetAboveNoiseDb, this.#opts.minOffsetDbfs);
    this.#trackNoise(energy);

    if (!this.#inSpeech) {
      if (energy < onset) {
        this.#run = 0;
        return;
      }
      this.#run++;
      if (this.#run < this.#opts.onsetFrames) return;
      let start = frame - this.#run + 1;
      for (let k = 0; k < LOOKBACK_FRAMES && start > 0; k++) {
        const previous = this.#recent[(start - 1) % this.#recent.length] ?? SILENT_DB;
        // Do not reach back into the previous segment or past what the ring still holds.
        if (previous < offset || start - 1 <= this.#lastActive || frame - (start - 1) >= this.#recent.length) break;
        start--;
      }
      this.#inSpeech = true;
      this.#segmentStart = start;
      this.#lastActive = frame;
      this.#lastVoiceFrameEnd = frame + 1;
      this.#quietFrames = 0;
      return;
    }
    if (energy >= offset) {
      this.#lastActive = frame;
      this.#lastVoiceFrameEnd = frame + 1;
      this.#quietFrames = 0;
      return;
    }
    if (++this.#quietFrames >= this.#hangoverFrames) this.#close();
  }

  #close(): void {
    this.#segments.push({ start: this.#segmentStart * FRAME_SEC, end: (this.#lastActive + 1) * FRAME_SEC });
    this.#inSpeech = false;
    this.#run = 0;
    this.#quietFrames = 0;
  }

  #noiseFloor(): number {
    let min = this.#blockMin;
    for (const m of this.#blockMins) if (m < min) min = m;
    return Math.max(NOISE_CLAMP_DB, min);
  }

  #trackNoise(energy: number): void {
    if (energy < this.#blockMin) this.#blockMin = energy;
    if (++this.#blockFill < BLOCK_FRAMES) return;
    this.#blockMins[this.#blockIndex] = this.#blockMin;
    this.#blockIndex = (this.#blockIndex + 1) % BLOCKS;
    this.#blockMin = Infinity;
    this.#blockFill = 0;
  }
}

/** Speech segments of a whole 16 kHz mono signal; empty for silence or noise only. */
export function detectSpeech(pcm: Int16Array, sampleRate: 16000 = 16000, options: Omit<EnergyVadOptions, 'sampleRate'> = {}): TimeSpan[] {
  const vad = new EnergyVad({ ...options, sampleRate });
  vad.push(pcm);
  return vad.flush();
}
