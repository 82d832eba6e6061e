// JSON values as they cross the fake's wire, plus guards so request bodies can be read without casts.
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json | undefined;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(text: string): Json {
  const parsed: Json = JSON.parse(text);
  return parsed;
}

export function getString(obj: JsonObject | undefined, key: string): string | undefined {
  const value = obj?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function getNumber(obj: JsonObject | undefined, key: string): number | undefined {
  const value = obj?.[key];
  return typeof value === 'number' ? value : undefined;
}

export function getBoolean(obj: JsonObject | undefined, key: string): boolean | undefined {
  const value = obj?.[key];
  return typeof value === 'boolean' ? value : undefined;
}

export function getObject(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = obj?.[key];
  return isJsonObject(value) ? value : undefined;
}

export function getArray(obj: JsonObject | undefined, key: string): Json[] | undefined {
  const value = obj?.[key];
  return Array.isArray(value) ? value : undefined;
}

/** Objects of an array field; non-object entries are dropped. */
export function getObjects(obj: JsonObject | undefined, key: string): JsonObject[] | undefined {
  return getArray(obj, key)?.filter(isJsonObject);
}

/** Walks nested component trees (action rows, containers, labels) depth-first. */
export function* walkComponents(components: readonly Json[]): Generator<JsonObject> {
  for (const component of components) {
    if (!isJsonObject(component)) continue;
    yield component;
    const children = getArray(component, 'components');
    if (children) yield* walkComponents(children);
    const child = getObject(component, 'component');
    if (child) yield* walkComponents([child]);
    const accessory = getObject(component, 'accessory');
    if (accessory) yield* walkComponents([accessory]);
  }
}
