import { EventEmitter } from 'node:events';
import { downloadModel, isComplete, type DownloadProgress } from './downloadModel.js';
import { ModelDownloadError, isModelDownloadError } from './ModelDownloadError.js';
import type { ModelSource } from './resolveModelSource.js';

export type ModelState = 'missing' | 'downloading' | 'ready' | 'failed';

export interface ModelStatus {
  state: ModelState;
  name: string;
  path: string;
  bytesDone: number;
  bytesTotal: number | null;
  /** `waiting` while another process downloads it; `verifying` while hashing. */
  phase?: DownloadProgress['phase'];
  /** One line, set in the `failed` state. */
  error?: string;
}

interface ProvisionerEvents {
  status: [ModelStatus];
}

export interface ProvisionerOptions {
  /** Automatic resumes after a dropped connection. */
  retries?: number;
  lockPollMs?: number;
  /** After a failure, ensure() repeats it for this long instead of trying again (answers arriving together
   * do not each start a download). Default 10 s. */
  retryAfterMs?: number;
}

/**
 * Makes one local model available: `ensure()` returns its path, downloading it first when missing (one
 * download at a time per process — callers share it — and per machine through the downloader's lock).
 * `status()` and the `status` event tell the bot what to show meanwhile. A failed download is reported and
 * the next `ensure()` tries again (resuming a kept .part).
 */
export class LocalModelProvisioner extends EventEmitter<ProvisionerEvents> {
  readonly source: ModelSource;
  readonly #options: ProvisionerOptions;
  #status: ModelStatus;
  #inflight: Promise<string> | null = null;
  #lastFailure: { error: ModelDownloadError; at: number } | null = null;

  constructor(source: ModelSource, options: ProvisionerOptions = {}) {
    super();
    this.source = source;
    this.#options = options;
    this.#status = { state: 'missing', name: source.name, path: source.path, bytesDone: 0, bytesTotal: source.bytes };
  }

  status(): ModelStatus {
    return { ...this.#status };
  }

  /** The model's path once it is on disk and verified. Callers that arrive meanwhile share one download. */
  ensure(signal?: AbortSignal): Promise<string> {
    if (this.#status.state === 'ready') return Promise.resolve(this.source.path);
    const failure = this.#lastFailure;
    if (!this.#inflight && failure && Date.now() - failure.at < (this.#options.retryAfterMs ?? 10_000)) return Promise.reject(failure.error);
    this.#inflight ??= this.#provision().finally(() => {
      this.#inflight = null;
    });
    return signal ? raceAbort(this.#inflight, signal) : this.#inflight;
  }

  /** Whether the file is already there (no download, no hashing). */
  async isPresent(): Promise<boolean> {
    return isComplete(this.source.path, this.source.bytes);
  }

  async #provision(): Promise<string> {
    const { source } = this;
    try {
      if (await this.isPresent()) return this.#ready();
      if (!source.url || !source.sha256) {
        throw new ModelDownloadError('disabled', `The whisper model file ${source.path} does not exist. Download a ggml model there or unset WHISPER_MODEL_PATH.`);
      }
      if (!source.download) {
        throw new ModelDownloadError(
          'disabled',
          `The speech model ${source.name} is not downloaded and WHISPER_MODEL_DOWNLOAD=false. Fetch it with \`interview-coach models download\`.`,
        );
      }
      this.#set({ state: 'downloading', bytesDone: 0, bytesTotal: source.bytes, error: undefined });
      await downloadModel({
        url: source.url,
        sha256: source.sha256,
        bytes: source.bytes,
        dest: source.path,
        stallMs: source.stallMs,
        retries: this.#options.retries,
        lockPollMs: this.#options.lockPollMs,
        onProgress: (p) => this.#set({ state: 'downloading', phase: p.phase, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal }),
      });
      return this.#ready();
    } catch (error) {
      const message = isModelDownloadError(error) ? error.message : `The speech model could not be prepared: ${error instanceof Error ? error.message : String(error)}`;
      const failure = isModelDownloadError(error) ? error : new ModelDownloadError('disk', message, { cause: error });
      this.#lastFailure = { error: failure, at: Date.now() };
      this.#set({ state: 'failed', phase: undefined, error: message });
      throw failure;
    }
  }

  #ready(): string {
    this.#lastFailure = null;
    const total = this.source.bytes ?? this.#status.bytesTotal ?? this.#status.bytesDone;
    this.#set({ state: 'ready', phase: undefined, bytesDone: total, bytesTotal: total, error: undefined });
    return this.source.path;
  }

  #set(change: Partial<ModelStatus>): void {
    this.#status = { ...this.#status, ...change };
    this.emit('status', this.status());
  }
}

/** Lets one caller stop waiting without cancelling the download the others share. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new ModelDownloadError('aborted', 'Stopped waiting for the speech model.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ModelDownloadError('aborted', 'Stopped waiting for the speech model.'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
