import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readWavMono } from '../audio/readWavMono.js';
import type { Speaker, SpeechAudio } from './types.js';

export interface EspeakOptions {
  /** An espeak-ng voice: 'en-us', 'en-gb', 'en-us+f3'… */
  voice?: string;
  /** Speaking rate in words per minute (espeak-ng `-s`); 160 sits inside the 100–165 band the coach recommends. */
  wordsPerMinute?: number;
  /** 0–99, espeak-ng `-p`. */
  pitch?: number;
  /** Pause between words in units of 10 ms (espeak-ng `-g`). */
  wordGap?: number;
}

/** The parts of the Emscripten module used here. */
interface EspeakModule {
  FS: { readFile(path: string): Uint8Array; writeFile(path: string, data: string): void };
}
interface EspeakModuleArgs {
  arguments: string[];
  preRun: Array<(module: EspeakModule) => void>;
  print: (line: string) => void;
  printErr: (line: string) => void;
  wasmBinary: Uint8Array;
}
type EspeakFactory = (args: EspeakModuleArgs) => Promise<unknown>;

function isFactoryModule(value: unknown): value is { default: EspeakFactory } {
  return typeof value === 'object' && value !== null && 'default' in value && typeof value.default === 'function';
}

function isEspeakModule(value: unknown): value is EspeakModule {
  if (typeof value !== 'object' || value === null || !('FS' in value)) return false;
  const fs = value.FS;
  return typeof fs === 'object' && fs !== null && 'readFile' in fs && typeof fs.readFile === 'function';
}

interface Runtime {
  factory: EspeakFactory;
  wasmBinary: Uint8Array;
}

let runtime: Promise<Runtime> | undefined;

/**
 * The package is espeak-ng's command line, which runs `main` once per instance, so every utterance gets a fresh
 * instance. The 18 MB WASM (program + voice data) is read from disk once; V8 caches its compiled code.
 */
function loadRuntime(): Promise<Runtime> {
  runtime ??= (async () => {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('espeak-ng');
    // A variable specifier: the package has no type declarations; its export is checked instead.
    const specifier: string = 'espeak-ng';
    const imported: unknown = await import(specifier);
    if (!isFactoryModule(imported)) throw new Error('espeak-ng has no default export');
    const wasmBinary = await readFile(path.join(path.dirname(entry), 'espeak-ng.wasm'));
    return { factory: imported.default, wasmBinary };
  })();
  runtime.catch(() => {
    runtime = undefined; // let a later call retry
  });
  return runtime;
}

/**
 * Offline text-to-speech with espeak-ng compiled to WASM (npm `espeak-ng`): robotic but needs no key or network,
 * so it is the default voice. Output: mono 16-bit PCM at 22 050 Hz. Utterances are synthesised one at a time
 * (each instance takes ~32 MB while it runs).
 */
export class EspeakSpeaker implements Speaker {
  readonly name = 'espeak-ng';
  readonly #args: string[];
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: EspeakOptions = {}) {
    const voice = options.voice ?? 'en-us';
    if (!/^[\w+-]+$/.test(voice)) throw new RangeError(`not an espeak-ng voice name: ${voice}`);
    this.#args = ['-v', voice, '-s', String(Math.round(options.wordsPerMinute ?? 160))];
    if (options.pitch !== undefined) this.#args.push('-p', String(Math.round(options.pitch)));
    if (options.wordGap !== undefined) this.#args.push('-g', String(Math.round(options.wordGap)));
  }

  get voice(): string {
    return this.#args[1] ?? 'en-us';
  }

  speak(text: string, signal?: AbortSignal): Promise<SpeechAudio> {
    const job = this.#queue.then(() => this.#synthesize(text, signal));
    this.#queue = job.catch(() => undefined);
    return job;
  }

  async #synthesize(text: string, signal?: AbortSignal): Promise<SpeechAudio> {
    signal?.throwIfAborted();
    const { factory, wasmBinary } = await loadRuntime();
    signal?.throwIfAborted();
    const errors: string[] = [];
    // Text goes through a file, not argv, so nothing in it can be read as an option.
    const instance = await factory({
      arguments: [...this.#args, '-w', '/out.wav', '-f', '/in.txt'],
      preRun: [(module) => module.FS.writeFile('/in.txt', text)],
      print: () => undefined,
      printErr: (line) => errors.push(line),
      wasmBinary,
    });
    signal?.throwIfAborted();
    if (!isEspeakModule(instance)) throw new Error('espeak-ng did not start');
    let wav: Uint8Array;
    try {
      wav = instance.FS.readFile('/out.wav');
    } catch (cause) {
      throw new Error(`espeak-ng produced no audio${errors.length ? `: ${errors.join(' ')}` : ''}`, { cause });
    }
    const { pcm, sampleRate } = readWavMono(Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength));
    return { pcm, sampleRate, speaker: `${this.name}:${this.voice}` };
  }
}
