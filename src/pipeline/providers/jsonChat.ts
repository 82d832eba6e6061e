import type { GoogleGenAI } from '@google/genai';
import type OpenAI from 'openai';

/** One JSON-constrained request: a system instruction, the user's turn, and the JSON Schema the reply must follow. */
export interface JsonRequest {
  model: string;
  system: string;
  user: string;
  schemaName: string;
  schema: Record<string, unknown>;
  temperature: number;
}

/** OpenAI-compatible chat with a strict `json_schema` response format; returns the raw text for validation. */
export async function openaiJsonCompletion(client: OpenAI, request: JsonRequest, signal: AbortSignal): Promise<string | undefined> {
  const completion = await client.chat.completions.create(
    {
      model: request.model,
      messages: [
        { role: 'system', content: request.system },
        { role: 'user', content: request.user },
      ],
      response_format: { type: 'json_schema', json_schema: { name: request.schemaName, schema: request.schema, strict: true } },
      ...(acceptsTemperature(request.model) ? { temperature: request.temperature } : {}),
    },
    { signal, maxRetries: 0 },
  );
  return completion.choices[0]?.message.content ?? undefined;
}

/**
 * OpenAI's reasoning families (o-series, gpt-5 and later) refuse a temperature other than their default with
 * a 400; other OpenAI-compatible servers (Ollama, vLLM…) take it.
 */
export function acceptsTemperature(model: string): boolean {
  return !/^(o\d|gpt-[5-9])/i.test(model);
}

/** Gemini with `responseMimeType: application/json` + `responseJsonSchema`; returns the raw text for validation. */
export async function geminiJsonGenerate(client: GoogleGenAI, provider: string, request: JsonRequest, signal: AbortSignal): Promise<string | undefined> {
  // Already loaded by whoever made the client; imported here so this file does not load @google/genai itself.
  const { geminiGenerate } = await import('./geminiClient.js');
  const response = await geminiGenerate(
    client,
    provider,
    {
      model: request.model,
      contents: [{ role: 'user', parts: [{ text: request.user }] }],
      config: {
        systemInstruction: request.system,
        responseMimeType: 'application/json',
        responseJsonSchema: request.schema,
        temperature: request.temperature,
      },
    },
    signal,
  );
  return response.text;
}
