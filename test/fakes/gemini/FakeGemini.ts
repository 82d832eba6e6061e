import { closedPortUrl, echoCredentials, ScriptedServer, type RecordedRequest, type ScriptedReply } from '../openai/ScriptedServer.js';

export type { RecordedRequest, ScriptedReply } from '../openai/ScriptedServer.js';

const GENERATE = /^\/(v1|v1beta)\/models\/([^/:]+):generateContent$/;
const MODEL = /^\/(v1|v1beta)\/models\/([^/:]+)$/;

/**
 * The Gemini API's generateContent and models.get on both /v1/ (the @google/genai 3 default) and /v1beta/
 * (what this project pins). Requests without x-goog-api-key get the API's 403; with `requiredKey` set, a
 * different key gets its 400 API_KEY_INVALID; a model in `unknownModels` gets its 404 on both routes.
 */
export class FakeGemini {
  /** When set, any other key is answered 400 API_KEY_INVALID, as the API does. */
  requiredKey: string | undefined;
  /** Models that do not exist (shut down, misspelt): 404 NOT_FOUND. */
  readonly unknownModels = new Set<string>();
  /** Quote the request's credentials back in error bodies, as some gateways do. */
  echoCredentials = false;

  private constructor(readonly server: ScriptedServer) {
    server.setDefault('getModel', (request) => modelReply(request.params.model ?? ''));
  }

  static async start(): Promise<FakeGemini> {
    const holder: { fake?: FakeGemini } = {};
    const server = await ScriptedServer.start({
      match: (method, path) => {
        const generate = GENERATE.exec(path);
        if (method === 'POST' && generate?.[1] && generate[2]) {
          return { route: 'generateContent', params: { version: generate[1], model: decodeURIComponent(generate[2]) } };
        }
        const model = MODEL.exec(path);
        if (method === 'GET' && model?.[1] && model[2]) {
          return { route: 'getModel', params: { version: model[1], model: decodeURIComponent(model[2]) } };
        }
        return undefined;
      },
      guard: (request) => holder.fake?.guard(request),
      finish: (reply, request) => (holder.fake?.echoCredentials ? echoCredentials(reply, request) : reply),
    });
    holder.fake = new FakeGemini(server);
    return holder.fake;
  }

  private guard(request: RecordedRequest): ScriptedReply | undefined {
    const key = request.headers['x-goog-api-key'];
    if (!key) {
      return { status: 403, json: { error: { code: 403, message: 'Method doesn\'t allow unregistered callers.', status: 'PERMISSION_DENIED' } } };
    }
    if (this.requiredKey !== undefined && key !== this.requiredKey) {
      return {
        status: 400,
        json: {
          error: {
            code: 400,
            message: 'API key not valid. Please pass a valid API key.',
            status: 'INVALID_ARGUMENT',
            details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
          },
        },
      };
    }
    const model = request.params.model ?? '';
    if (this.unknownModels.has(model)) {
      return {
        status: 404,
        json: {
          error: {
            code: 404,
            message: `models/${model} is not found for API version ${request.params.version ?? 'v1beta'}, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
            status: 'NOT_FOUND',
          },
        },
      };
    }
    return undefined;
  }

  /** models.get requests. */
  get modelLookups(): RecordedRequest[] {
    return this.server.callsTo('getModel');
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

/** The Model resource models.get answers. */
function modelReply(model: string): ScriptedReply {
  return {
    json: {
      name: `models/${model}`,
      version: '001',
      displayName: model,
      inputTokenLimit: 1_048_576,
      outputTokenLimit: 65_536,
      supportedGenerationMethods: ['generateContent', 'countTokens'],
    },
  };
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
