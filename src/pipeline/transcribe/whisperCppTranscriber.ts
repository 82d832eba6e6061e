import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { readAudibleWav } from '../providers/audibleWav.js';
import { ProviderError } from '../providers/ProviderError.js';
import type { WhisperJob, WhisperReply, WhisperWorkerData } from '../providers/whisperCppProtocol.js';
import { resampleMono } from '../audio/SpeexResampler.js';
import { FILLER_PROMPT, promptWithContext } from './hallucinations.js';
import { normalizeTranscript } from './normalizeTranscript.js';
import type { Transcriber, Transcript, TranscriptionInput } from './types.js';
import { whisperWordsToRaw } from './whisperCppWords.js';

const WHISPER_RATE = 16_000;

export interface WhisperCppTranscriberOptions {
  /** WHISPER_MODEL_PATH: a ggml model file (`ggml-base.en.bin`…). */
  modelPath: string;
  /** WHISPER_LANGUAGE; default `en`. `auto` lets a multilingual model detect it. */
  language?: string;
  /** Default FILLER_PROMPT. */
  prompt?: string;
  /** Default: all cores but one, at most 4. */
  threads?: number;
  /** Fixed part of the time allowed per transcription (PROVIDER_TIMEOUT_MS). */
  timeoutMs: number;
  /** Added to `timeoutMs` per second of audio: CPU decoding grows with length. Default 2000. */
  msPerAudioSecond?: number;
}

/**
 * whisper.cpp in-process through @napi-rs/whisper, on a worker thread that keeps the model loaded. Word
 * timestamps come from whisper.cpp's token timestamps with one segment per word (the binding exposes no tokens
 * directly). A timeout ends the worker — whisper_full() cannot be interrupted — and the next call starts a new one.
 */
export class WhisperCppTranscriber implements Transcriber {
  readonly name: string;
  /** One whisper context decodes one job at a time (the worker queue below). */
  readonly maxConcurrency = 1;
  readonly #options: WhisperCppTranscriberOptions;
  #worker: Worker | null = null;
  #nextId = 1;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: WhisperCppTranscriberOptions) {
    this.#options = options;
    this.name = `whisper.cpp:${basename(options.modelPath)}`;
  }

  async transcribe(input: TranscriptionInput, signal?: AbortSignal): Promise<Transcript> {
    const audio = readAudibleWav(input.wav);
    const pcm = audio.sampleRate === WHISPER_RATE ? audio.pcm : resampleMono(audio.pcm, audio.sampleRate, WHISPER_RATE);
    const samples = new Float32Array(pcm.length);
    for (let i = 0; i < pcm.length; i++) samples[i] = (pcm[i] ?? 0) / 32768;
    const prompt = promptWithContext(this.#options.prompt ?? FILLER_PROMPT, input.context);
    const job: WhisperJob = {
      id: this.#nextId++,
      samples,
      language: input.language ?? this.#options.language ?? 'en',
      prompt,
      threads: this.#options.threads ?? Math.max(1, Math.min(4, availableParallelism() - 1)),
    };
    const timeoutMs = this.#options.timeoutMs + audio.durationSec * (this.#options.msPerAudioSecond ?? 2000);
    // One job at a time: a whisper context is not safe to share between concurrent full() calls.
    const run = this.#queue.then(() => this.#run(job, timeoutMs, signal));
    this.#queue = run.catch(() => undefined);
    // Failures are ProviderErrors (or the caller's abort), thrown as they are: toUserError decides what a person is told.
    const reply = await run;
    return normalizeTranscript(whisperWordsToRaw(reply.text, reply.words, audio.durationSec), this.name, { prompt, durationSec: audio.durationSec });
  }

  /** Ends the worker (and frees the model). Safe to call more than once; a later transcribe starts it again. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
  }

  #run(job: WhisperJob, timeoutMs: number, signal?: AbortSignal): Promise<Extract<WhisperReply, { ok: true }>> {
    const provider = this.name;
    if (signal?.aborted) return Promise.reject(new ProviderError(provider, 'aborted', 'cancelled before start'));
    const worker = this.#ensureWorker();
    return new Promise((resolve, reject) => {
      const finish = (error: ProviderError | null, reply?: Extract<WhisperReply, { ok: true }>): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (error) reject(error);
        else if (reply) resolve(reply);
      };
      const kill = (error: ProviderError): void => {
        finish(error);
        if (this.#worker === worker) this.#worker = null;
        void worker.terminate();
      };
      const onMessage = (reply: WhisperReply): void => {
        if (reply.id !== job.id) return;
        if (reply.ok) finish(null, reply);
        else finish(new ProviderError(provider, 'invalid_output', reply.message));
      };
      const onError = (error: Error): void => kill(new ProviderError(provider, 'unavailable', 'the worker failed', { cause: error }));
      const onExit = (): void => kill(new ProviderError(provider, 'unavailable', 'the worker exited'));
      const onAbort = (): void => kill(new ProviderError(provider, 'aborted', 'cancelled'));
      const timer = setTimeout(
        () => kill(new ProviderError(provider, 'timeout', `no transcript within ${Math.round(timeoutMs)} ms`)),
        timeoutMs,
      );
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      // The samples were made for this job alone: move them rather than copy.
      worker.postMessage(job, [job.samples.buffer]);
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const workerData: WhisperWorkerData = { modelPath: this.#options.modelPath };
    // Same extension as this module: .ts under tsx/vitest/Node type stripping, .js if ever compiled.
    const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const worker = new Worker(new URL(`../providers/whisperCppWorker${extension}`, import.meta.url), { workerData });
    // An idle worker must not keep the process alive.
    worker.unref();
    worker.on('error', () => {
      if (this.#worker === worker) this.#worker = null;
    });
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = null;
    });
    this.#worker = worker;
    return worker;
  }
}
