import { closedPortUrl, echoCredentials, ScriptedServer, type RecordedRequest, type RouteMatch, type ScriptedReply } from './ScriptedServer.js';

export { closedPortUrl, type RecordedRequest, type ScriptedReply } from './ScriptedServer.js';

export type OpenAIRoute = 'chat' | 'transcriptions' | 'speech' | 'model' | 'models';

/**
 * How the transcription route answers `verbose_json`:
 * - `openai`: words at the top level, segments without words (api.openai.com)
 * - `whisper.cpp`: words as tokens inside each segment, none at the top level (whisper.cpp's server)
 * - `localai`: segments only, no words anywhere
 */
export type TranscriptionMode = 'openai' | 'whisper.cpp' | 'localai';

export interface FakeWord {
  word: string;
  start: number;
  end: number;
}

export interface FakeSegment {
  start: number;
  end: number;
  text: string;
  no_speech_prob?: number;
  avg_logprob?: number;
  words: FakeWord[];
}

/** The one transcript the fake serves, rendered into the mode's shape. */
export interface FakeTranscript {
  language: string;
  duration: number;
  segments: FakeSegment[];
}

/** An OpenAI-compatible server: chat completions, Whisper transcription, speech. */
export class FakeOpenAI {
  /** When set, requests without `Authorization: Bearer <requiredKey>` get 401. */
  requiredKey: string | undefined;
  transcriptionMode: TranscriptionMode = 'openai';
  /** Models that do not exist: GET /v1/models/{id} answers 404 and the list leaves them out. */
  readonly unknownModels = new Set<string>();
  /** False for servers that have no model lookup (GET /v1/models and /v1/models/{id} answer 404). */
  modelLookup = true;
  /** Quote the request's credentials back in error bodies, as some gateways do. */
  echoCredentials = false;
  transcript: FakeTranscript = {
    language: 'english',
    duration: 2,
    segments: [
      {
        start: 0,
        end: 2,
        text: ' Um, I would add a cache.',
        no_speech_prob: 0.01,
        avg_logprob: -0.2,
        words: [
          { word: 'Um', start: 0, end: 0.3 },
          { word: 'I', start: 0.5, end: 0.6 },
          { word: 'would', start: 0.6, end: 0.9 },
          { word: 'add', start: 0.9, end: 1.2 },
          { word: 'a', start: 1.2, end: 1.3 },
          { word: 'cache', start: 1.3, end: 1.8 },
        ],
      },
    ],
  };

  private constructor(readonly server: ScriptedServer) {
    server.setDefault('transcriptions', (request) => this.#transcriptionReply(request));
    server.setDefault('speech', { raw: sinePcm(0.25, 24_000), headers: { 'content-type': 'application/octet-stream' } });
    server.setDefault('model', (request) => this.#modelReply(request.params.id ?? ''));
    server.setDefault('models', () => this.#modelListReply());
  }

  static async start(): Promise<FakeOpenAI> {
    // The guard reads the fake's settings, and the fake needs the started server: tie the knot through a holder.
    const holder: { fake?: FakeOpenAI } = {};
    const server = await ScriptedServer.start({
      match: (method, path): RouteMatch | undefined => {
        if (method === 'GET' && path === '/v1/models') return { route: 'models', params: {} };
        const model = /^\/v1\/models\/(.+)$/.exec(path);
        if (method === 'GET' && model?.[1]) return { route: 'model', params: { id: decodeURIComponent(model[1]) } };
        if (method !== 'POST') return undefined;
        if (path === '/v1/chat/completions') return { route: 'chat', params: {} };
        if (path === '/v1/audio/transcriptions') return { route: 'transcriptions', params: {} };
        if (path === '/v1/audio/speech') return { route: 'speech', params: {} };
        return undefined;
      },
      guard: (request) =>
        holder.fake?.requiredKey !== undefined && request.headers.authorization !== `Bearer ${holder.fake.requiredKey}`
          ? errorReply(401)
          : undefined,
      finish: (reply, request) => (holder.fake?.echoCredentials ? echoCredentials(reply, request) : reply),
    });
    holder.fake = new FakeOpenAI(server);
    return holder.fake;
  }

  /** Base URL for the SDK's `baseURL`. */
  get url(): string {
    return `${this.server.origin}/v1`;
  }

  get requests(): RecordedRequest[] {
    return this.server.requests;
  }

  script(route: OpenAIRoute, ...replies: ScriptedReply[]): void {
    this.server.script(route, ...replies);
  }

  setDefault(route: OpenAIRoute, reply: ScriptedReply | ((request: RecordedRequest) => ScriptedReply)): void {
    this.server.setDefault(route, reply);
  }

  callsTo(route: OpenAIRoute): RecordedRequest[] {
    return this.server.callsTo(route);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  static closedPortUrl(): Promise<string> {
    return closedPortUrl('/v1');
  }

  #modelReply(id: string): ScriptedReply {
    if (!this.modelLookup) return { status: 404, json: { error: { message: 'Not Found' } } };
    if (this.unknownModels.has(id)) {
      return { status: 404, json: { error: { message: `The model '${id}' does not exist`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' } } };
    }
    return { json: { id, object: 'model', created: 1_700_000_000, owned_by: 'fake' } };
  }

  #modelListReply(): ScriptedReply {
    if (!this.modelLookup) return { status: 404, json: { error: { message: 'Not Found' } } };
    const ids = ['fake-model', 'whisper-1', 'gpt-5.4-mini', 'gpt-4o-mini-tts'].filter((id) => !this.unknownModels.has(id));
    return { json: { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' })) } };
  }

  #transcriptionReply(request: RecordedRequest): ScriptedReply {
    const format = request.form?.response_format?.[0] ?? 'json';
    const t = this.transcript;
    const text = t.segments.map((s) => s.text).join('').trim();
    if (format === 'text') return { raw: text, headers: { 'content-type': 'text/plain' } };
    if (format === 'json') return { json: { text } };
    const segments = t.segments.map((s, id) => ({
      id,
      seek: 0,
      start: s.start,
      end: s.end,
      text: s.text,
      tokens: [],
      temperature: 0,
      avg_logprob: s.avg_logprob ?? -0.3,
      compression_ratio: 1.2,
      no_speech_prob: s.no_speech_prob ?? 0.01,
    }));
    const base = { task: 'transcribe', language: t.language, duration: t.duration, text };
    if (this.transcriptionMode === 'openai') {
      const granularities = request.form?.['timestamp_granularities[]'] ?? [];
      return {
        json: {
          ...base,
          ...(granularities.includes('word') ? { words: t.segments.flatMap((s) => s.words) } : {}),
          ...(granularities.includes('segment') || granularities.length === 0 ? { segments } : {}),
        },
      };
    }
    if (this.transcriptionMode === 'whisper.cpp') {
      return {
        json: {
          ...base,
          segments: segments.map((s, i) => ({ ...s, words: whisperCppTokens(t.segments[i]?.words ?? []) })),
        },
      };
    }
    return { json: { ...base, segments } };
  }
}

/** A chat.completion whose message is `content`. */
export function chatReply(content: string, model = 'fake-model'): ScriptedReply {
  return {
    json: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    },
  };
}

/** The error body OpenAI sends with a status. */
export function errorReply(status: number, headers: Record<string, string> = {}): ScriptedReply {
  return { status, headers, json: { error: { message: `fake error ${status}`, type: 'server_error', code: null } } };
}

/** whisper.cpp reports tokens: a leading space starts a word, the first token of a word may be split. */
function whisperCppTokens(words: FakeWord[]): Array<FakeWord & { probability: number; t_dtw: number }> {
  const tokens: Array<FakeWord & { probability: number; t_dtw: number }> = [
    { word: '[_BEG_]', start: words[0]?.start ?? 0, end: words[0]?.start ?? 0, probability: 1, t_dtw: -1 },
  ];
  for (const w of words) {
    if (w.word.length > 4) {
      const mid = w.start + (w.end - w.start) / 2;
      tokens.push({ word: ` ${w.word.slice(0, 3)}`, start: w.start, end: mid, probability: 0.9, t_dtw: -1 });
      tokens.push({ word: w.word.slice(3), start: mid, end: w.end, probability: 0.9, t_dtw: -1 });
    } else {
      tokens.push({ word: ` ${w.word}`, start: w.start, end: w.end, probability: 0.9, t_dtw: -1 });
    }
  }
  return tokens;
}

/** s16le mono sine, the shape of `response_format: 'pcm'`. */
export function sinePcm(seconds: number, rate: number, hz = 440): Buffer {
  const samples = Math.round(seconds * rate);
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) out.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)), i * 2);
  return out;
}
