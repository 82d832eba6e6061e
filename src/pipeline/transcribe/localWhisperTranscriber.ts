import { SpeechModelNotReady } from './TranscriptionFailed.js';
import { formatModelProgress } from './localModel/formatModelProgress.js';
import type { LocalModelProvisioner, ModelStatus } from './localModel/LocalModelProvisioner.js';
import { isModelDownloadError } from './localModel/ModelDownloadError.js';
import type { Transcriber, Transcript, TranscriptionInput } from './types.js';
import { WhisperCppTranscriber, type WhisperCppTranscriberOptions } from './whisperCppTranscriber.js';

export type LocalWhisperTranscriberOptions = Omit<WhisperCppTranscriberOptions, 'modelPath'> & {
  /** Least time between two status lines (a chat message is edited per line). Default 2000 ms. */
  statusEveryMs?: number;
};

/**
 * whisper.cpp with a model that may still be downloading: an answer that arrives first waits for the model
 * (and can show the download's progress through `prepare`) instead of being refused. A failed download
 * throws SpeechModelNotReady (a ProviderError); toUserError words it, and the answer is kept and retried later.
 */
export class LocalWhisperTranscriber implements Transcriber {
  readonly name: string;
  /** One local model decodes one chunk at a time. */
  readonly maxConcurrency = 1;
  readonly model: LocalModelProvisioner;
  readonly #options: LocalWhisperTranscriberOptions;
  #inner: WhisperCppTranscriber | null = null;

  constructor(model: LocalModelProvisioner, options: LocalWhisperTranscriberOptions) {
    this.model = model;
    this.#options = options;
    this.name = `whisper.cpp:${model.source.fileName}`;
  }

  async prepare(onStatus: (message: string) => void | Promise<void>, signal?: AbortSignal): Promise<void> {
    if (this.model.status().state === 'ready') return;
    const every = this.#options.statusEveryMs ?? 2000;
    let shownAt = -Infinity;
    let shown = '';
    // Status lines go out one after another; the last is awaited so it cannot land after the next stage's.
    let pending: Promise<void> = Promise.resolve();
    const listener = (status: ModelStatus): void => {
      // No phase yet: still connecting, the size may be unknown; the first answer from the server follows at once.
      if (status.state !== 'downloading' || !status.phase) return;
      const text = formatModelProgress(status);
      const now = Date.now();
      if (text === shown || now - shownAt < every) return;
      shown = text;
      shownAt = now;
      pending = pending.then(() => onStatus(text)).catch(() => undefined);
    };
    this.model.on('status', listener);
    try {
      listener(this.model.status());
      await this.#modelPath(signal);
    } finally {
      this.model.off('status', listener);
      await pending;
    }
  }

  async transcribe(input: TranscriptionInput, signal?: AbortSignal): Promise<Transcript> {
    const modelPath = await this.#modelPath(signal);
    this.#inner ??= new WhisperCppTranscriber({ ...this.#options, modelPath });
    return this.#inner.transcribe(input, signal);
  }

  async close(): Promise<void> {
    await this.#inner?.close();
  }

  async #modelPath(signal?: AbortSignal): Promise<string> {
    try {
      return await this.model.ensure(signal);
    } catch (error) {
      if (isModelDownloadError(error) && error.code === 'aborted') throw error;
      const reason = isModelDownloadError(error) ? error.message : 'the speech model could not be prepared.';
      throw new SpeechModelNotReady(this.name, reason, error);
    }
  }
}
