import { closedPortUrl, ScriptedServer, type RecordedRequest, type ScriptedReply } from '../openai/ScriptedServer.js';

export type { RecordedRequest, ScriptedReply } from '../openai/ScriptedServer.js';

const GENERATE = /^\/(v1|v1beta)\/models\/([^/:]+):generateContent$/;

/**
 * The Gemini API's generateContent on both /v1/ (what @google/genai 3 calls) and /v1beta/ (older SDKs and
 * preview features). Requests without x-goog-api-key get the API's 403.
 */
export class FakeGemini {
  private constructor(readonly server: ScriptedServer) {}

  static async start(): Promise<FakeGemini> {
    const server = await ScriptedServer.start({
      match: (method, path) => {
        const match = GENERATE.exec(path);
        if (method !== 'POST' || !match?.[1] || !match[2]) return undefined;
        return { route: 'generateContent', params: { version: match[1], model: decodeURIComponent(match[2]) } };
      },
      guard: (request) =>
        request.headers['x-goog-api-key']
          ? undefined
          : {
              status: 403,
              json: { error: { code: 403, message: 'Method doesn\'t allow unregistered callers.', status: 'PERMISSION_DENIED' } },
            },
    });
    const fake = new FakeGemini(server);
    return fake;
  }

  /** For `httpOptions.baseUrl` (GEMINI_BASE_URL). */
  get url(): string {
    return this.server.origin;
  }

  get requests(): RecordedRequest[] {
    return this.server.requests;
  }

  /** Queue replies; a request without an API key is answered 403 regardless (and consumes nothing). */
  script(...replies: ScriptedReply[]): void {
    this.server.script('generateContent', ...replies);
  }

  setDefault(reply: ScriptedReply | ((request: RecordedRequest) => ScriptedReply)): void {
    this.server.setDefault('generateContent', reply);
  }

  get calls(): RecordedRequest[] {
    return this.server.callsTo('generateContent');
  }

  close(): Promise<void> {
    return this.server.close();
  }

  static closedPortUrl(): Promise<string> {
    return closedPortUrl();
  }
}

/** A generateContent reply whose one text part is `text` (a JSON string when the schema asks for JSON). */
export function geminiText(text: string): ScriptedReply {
  return {
    json: {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 10, totalTokenCount: 20 },
      modelVersion: 'fake',
    },
  };
}

/** A TTS reply: base64 s16le PCM in inlineData, as Gemini's speech models send it. */
export function geminiAudio(pcm: Buffer, rate = 24_000): ScriptedReply {
  return {
    json: {
      candidates: [
        {
          content: { role: 'model', parts: [{ inlineData: { mimeType: `audio/L16;codec=pcm;rate=${rate}`, data: pcm.toString('base64') } }] },
          finishReason: 'STOP',
          index: 0,
        },
      ],
    },
  };
}

/** Gemini's error body; 429s carry google.rpc.RetryInfo. */
export function geminiError(status: number, options: { headers?: Record<string, string>; retryDelay?: string } = {}): ScriptedReply {
  const statusName = status === 429 ? 'RESOURCE_EXHAUSTED' : status >= 500 ? 'UNAVAILABLE' : 'INVALID_ARGUMENT';
  return {
    status,
    headers: options.headers,
    json: {
      error: {
        code: status,
        message: `fake error ${status}`,
        status: statusName,
        ...(options.retryDelay
          ? { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: options.retryDelay }] }
          : {}),
      },
    },
  };
}
