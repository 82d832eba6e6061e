import { wavChunks, type WavUpload } from '../audio/wavUpload.js';

type StreamingFile = typeof import('openai').toStreamingFile;
import { readAudibleWav } from '../providers/audibleWav.js';
import type { OpenAIConnection } from '../providers/openaiClient.js';
import { lazyOpenAI, type OpenAISdk } from '../providers/lazyClients.js';
import { invalidOutput } from '../providers/ProviderError.js';
import { withRetry, type RetryPolicy } from '../providers/retry.js';
import { FILLER_PROMPT, promptWithContext } from './hallucinations.js';
import { normalizeTranscript, parseRawTranscription } from './normalizeTranscript.js';
import type { Transcriber, Transcript, TranscriptionInput } from './types.js';

export interface OpenAITranscriberOptions extends OpenAIConnection {
  /** WHISPER_MODEL: `whisper-1`, or whatever the server at `baseUrl` calls its model. */
  model: string;
  /** WHISPER_LANGUAGE (ISO 639-1); per-input `language` wins. Unset: the server detects it. */
  language?: string;
  /** Default FILLER_PROMPT. */
  prompt?: string;
  /** `retry.timeoutMs` is the base; each second of audio adds this much (upload and decoding grow with length). Default 250. */
  msPerAudioSecond?: number;
  retry: RetryPolicy;
}

/**
 * Whisper through `audio.transcriptions` on OpenAI or any compatible server (speaches, whisper.cpp server,
 * Groq, LocalAI). Asks for verbose_json with word and segment timestamps; gpt-4o transcribe models only do
 * `json`, so they are asked for that and give no timestamps.
 */
export class OpenAITranscriber implements Transcriber {
  readonly name: string;
  readonly #sdk: () => Promise<OpenAISdk>;
  readonly #options: OpenAITranscriberOptions;

  constructor(options: OpenAITranscriberOptions) {
    this.#options = options;
    this.name = `openai:${options.model}`;
    this.#sdk = lazyOpenAI(options, options.retry.timeoutMs);
  }

  async transcribe(input: TranscriptionInput, signal?: AbortSignal): Promise<Transcript> {
    const { durationSec } = readAudibleWav(input.wav);
    const [{ client, classifyOpenAIError }, { toStreamingFile }] = await Promise.all([this.#sdk(), import('openai')]);
    const { model } = this.#options;
    const prompt = promptWithContext(this.#options.prompt ?? FILLER_PROMPT, input.context);
    const language = input.language ?? this.#options.language;
    const verbose = !/^gpt-4o/.test(model);
    const provider = 'openai-transcription';
    // AbortSignal.timeout() only takes whole milliseconds.
    const timeoutMs = Math.ceil(this.#options.retry.timeoutMs + durationSec * (this.#options.msPerAudioSecond ?? 250));
    // Failures are ProviderErrors (or the caller's abort), thrown as they are: toUserError decides what a person is told.
    const raw = await withRetry(
      async (attemptSignal) => {
        const body: unknown = await client.audio.transcriptions.create(
          {
            file: uploadFile(toStreamingFile, input.wav),
            model,
            prompt,
            ...(language ? { language } : {}),
            ...(verbose
              ? { response_format: 'verbose_json' as const, timestamp_granularities: ['word' as const, 'segment' as const] }
              : { response_format: 'json' as const }),
          },
          { signal: attemptSignal, maxRetries: 0, timeout: timeoutMs },
        );
        const parsed = parseRawTranscription(body);
        if (!parsed) throw invalidOutput(provider, 'the transcription response has an unknown shape');
        return parsed;
      },
      { ...this.#options.retry, timeoutMs },
      { provider, classify: classifyOpenAIError(provider), signal },
    );
    return normalizeTranscript(raw, this.name, { prompt, durationSec });
  }
}

/**
 * The WAV as a multipart file part for one request, streamed from where its bytes are: `toFile` would build a File,
 * which copies the whole answer. Made per attempt, so a retry sends the bytes again. The SDK's helper is passed in: the
 * SDK loads on the first request, not with this module.
 */
export function uploadFile(toStreamingFile: StreamingFile, wav: Buffer | WavUpload): ReturnType<StreamingFile> {
  return toStreamingFile(uploadBytes(wav), 'answer.wav', { type: 'audio/wav' });
}

async function* uploadBytes(wav: Buffer | WavUpload): AsyncGenerator<Uint8Array> {
  if (Buffer.isBuffer(wav)) yield wav;
  else yield* wavChunks(wav);
}
