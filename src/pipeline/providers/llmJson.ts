import { z } from 'zod';
import { invalidOutput } from './ProviderError.js';

/**
 * Model text → validated data. Not JSON, or JSON off the schema, is an `invalid_output` ProviderError so the
 * retry helper gives the model one more go.
 */
export function parseModelJson<T extends z.ZodType>(raw: string | undefined, schema: T, provider: string, prepare?: (json: unknown) => unknown): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(stripCodeFence(raw ?? ''));
  } catch (error) {
    throw invalidOutput(provider, 'the model did not return JSON', error);
  }
  const parsed = schema.safeParse(prepare ? prepare(json) : json);
  if (!parsed.success) {
    throw invalidOutput(provider, `the model's JSON does not match the schema: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** The JSON Schema both APIs accept: zod's output (strict: all required, no extra keys) minus `$schema`. */
export function modelJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema);
  return rest;
}

/** Some OpenAI-compatible servers wrap JSON in a markdown fence despite the response format. */
export function stripCodeFence(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return match?.[1] ?? text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
