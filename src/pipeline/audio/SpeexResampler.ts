/**
 * Sample-rate conversion with the Speex resampler (SpeexDSP compiled to WASM, @echogarden/speex-resampler-wasm).
 * One instance converts one mono stream; feed it in pieces of any size, call `flush()` at the end, then `destroy()`.
 */

/** The part of the Emscripten module this file calls. */
interface SpeexModule {
  HEAP16: Int16Array;
  HEAPU32: Uint32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _speex_resampler_init(channels: number, inRate: number, outRate: number, quality: number, errPtr: number): number;
  _speex_resampler_process_int(
    state: number,
    channel: number,
    inPtr: number,
    inLenPtr: number,
    outPtr: number,
    outLenPtr: number,
  ): number;
  _speex_resampler_get_input_latency(state: number): number;
  _speex_resampler_skip_zeros(state: number): number;
  _speex_resampler_destroy(state: number): void;
}

const FUNCTIONS = [
  '_malloc',
  '_free',
  '_speex_resampler_init',
  '_speex_resampler_process_int',
  '_speex_resampler_get_input_latency',
  '_speex_resampler_skip_zeros',
  '_speex_resampler_destroy',
] as const;

function isSpeexModule(value: unknown): value is SpeexModule {
  if (typeof value !== 'object' || value === null) return false;
  const record: Record<string, unknown> = { ...value };
  return FUNCTIONS.every((name) => typeof record[name] === 'function') && record.HEAP16 instanceof Int16Array;
}

function isFactory(value: unknown): value is { default: (options?: object) => Promise<unknown> } {
  return typeof value === 'object' && value !== null && 'default' in value && typeof value.default === 'function';
}

async function importSpeex(specifier: string): Promise<SpeexModule> {
  // A variable specifier: the package ships no type declarations; its shape is checked instead.
  const imported: unknown = await import(specifier);
  if (!isFactory(imported)) throw new Error(`${specifier} has no default export`);
  const instance = await imported.default();
  if (!isSpeexModule(instance)) throw new Error(`${specifier} does not export the resampler functions`);
  return instance;
}

function loadSpeex(): Promise<SpeexModule> {
  // The SIMD build measured ~4× faster; the plain one is there for runtimes without WASM SIMD.
  return importSpeex('@echogarden/speex-resampler-wasm/simd').catch(() => importSpeex('@echogarden/speex-resampler-wasm'));
}

/**
 * Loaded once when this module is imported (~20 ms), so that resampling, and `measureAudio` which needs it, can be
 * synchronous.
 */
const speexModule = await loadSpeex();

/** Input samples handed to the WASM side per call; bounds the scratch memory. */
const CHUNK = 8192;
/** Speex quality 0–10; 5 is its VoIP default and measured ~2× cheaper than 7 with no audible difference for speech. */
const DEFAULT_QUALITY = 5;

export class SpeexResampler {
  readonly inRate: number;
  readonly outRate: number;
  #speex: SpeexModule;
  #state: number;
  #scratch: number;
  #outCapacity: number;
  #destroyed = false;

  constructor(inRate: number, outRate: number, quality = DEFAULT_QUALITY) {
    if (!(inRate > 0 && outRate > 0 && Number.isInteger(inRate) && Number.isInteger(outRate))) {
      throw new RangeError(`sample rates must be positive integers, got ${inRate} → ${outRate}`);
    }
    const speex = speexModule;
    this.inRate = inRate;
    this.outRate = outRate;
    this.#speex = speex;
    const errPtr = speex._malloc(4);
    this.#state = speex._speex_resampler_init(1, inRate, outRate, quality, errPtr);
    const err = speex.HEAPU32[errPtr >> 2] ?? 0;
    speex._free(errPtr);
    if (this.#state === 0 || err !== 0) throw new Error(`speex_resampler_init(${inRate} → ${outRate}) failed (${err})`);
    // Without this the output starts with the filter's delay in zeros and every timestamp shifts.
    speex._speex_resampler_skip_zeros(this.#state);
    this.#outCapacity = Math.ceil((CHUNK * outRate) / inRate) + 64;
    // One block: [inLen u32][outLen u32][input i16 × CHUNK][output i16 × outCapacity]
    this.#scratch = speex._malloc(8 + 2 * (CHUNK + this.#outCapacity));
  }

  /** Converts the next piece of the stream; `onOutput` receives views that are only valid during the call. */
  process(input: Int16Array, onOutput: (samples: Int16Array) => void): void {
    if (this.#destroyed) throw new Error('SpeexResampler used after destroy()');
    const speex = this.#speex;
    const inPtr = this.#scratch + 8;
    const outPtr = inPtr + 2 * CHUNK;
    for (let offset = 0; offset < input.length; ) {
      const piece = input.subarray(offset, offset + CHUNK);
      speex.HEAP16.set(piece, inPtr >> 1);
      let consumed = 0;
      while (consumed < piece.length) {
        speex.HEAPU32[this.#scratch >> 2] = piece.length - consumed;
        speex.HEAPU32[(this.#scratch + 4) >> 2] = this.#outCapacity;
        speex._speex_resampler_process_int(this.#state, 0, inPtr + 2 * consumed, this.#scratch, outPtr, this.#scratch + 4);
        const used = speex.HEAPU32[this.#scratch >> 2] ?? 0;
        const produced = speex.HEAPU32[(this.#scratch + 4) >> 2] ?? 0;
        // HEAP16 is re-read each time: the WASM memory may have grown and replaced the view.
        if (produced > 0) onOutput(speex.HEAP16.subarray(outPtr >> 1, (outPtr >> 1) + produced));
        if (used === 0 && produced === 0) break;
        consumed += used;
      }
      offset += piece.length;
    }
  }

  /** Pushes the filter's tail out so the last input samples are not lost. */
  flush(onOutput: (samples: Int16Array) => void): void {
    const latency = this.#speex._speex_resampler_get_input_latency(this.#state);
    this.process(new Int16Array(latency), onOutput);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#speex._free(this.#scratch);
    this.#speex._speex_resampler_destroy(this.#state);
  }
}

/** Converts a whole mono signal; for short clips (TTS output, test fixtures). */
export function resampleMono(pcm: Int16Array, inRate: number, outRate: number): Int16Array {
  if (inRate === outRate) return pcm.slice();
  const resampler = new SpeexResampler(inRate, outRate);
  const expected = Math.round((pcm.length * outRate) / inRate);
  const out = new Int16Array(expected + 64);
  let length = 0;
  const collect = (samples: Int16Array): void => {
    const n = Math.min(samples.length, out.length - length);
    out.set(samples.subarray(0, n), length);
    length += n;
  };
  try {
    resampler.process(pcm, collect);
    resampler.flush(collect);
  } finally {
    resampler.destroy();
  }
  return out.slice(0, Math.min(length, expected));
}
