import { getArray, getNumber, getObject, getString, isJsonObject, type JsonObject } from './json.js';

/** A text input's value, or the chosen values of a select inside a modal label. */
export type ModalFieldValue = string | string[];

const TextInput = 4;
const ActionRow = 1;
const Label = 18;

/**
 * Builds `data.components` of a MODAL_SUBMIT the way the Discord client does for the modal the bot showed:
 * action rows stay action rows, labels stay labels, and each input carries the user's value. Rejects values the
 * client would not let a user submit (unknown fields, missing required inputs, lengths outside the limits).
 */
export function modalSubmitComponents(modal: JsonObject | undefined, fields: Record<string, ModalFieldValue>): JsonObject[] {
  if (!modal) {
    return Object.entries(fields).map(([customId, value]) => ({
      type: ActionRow,
      components: [{ type: TextInput, custom_id: customId, value: Array.isArray(value) ? value.join(',') : value }],
    }));
  }
  const seen = new Set<string>();
  const submitted = (getArray(modal, 'components') ?? []).filter(isJsonObject).map((top): JsonObject => {
    if (top['type'] === Label) {
      const inner = getObject(top, 'component');
      return { type: Label, id: top['id'] ?? null, component: inner ? answer(inner, fields, seen) : null };
    }
    if (top['type'] === ActionRow) {
      const inner = (getArray(top, 'components') ?? []).filter(isJsonObject).map((c) => answer(c, fields, seen));
      return { type: ActionRow, id: top['id'] ?? null, components: inner };
    }
    return { type: top['type'] ?? null, id: top['id'] ?? null };
  });
  const unknown = Object.keys(fields).filter((key) => !seen.has(key));
  if (unknown.length > 0) throw new Error(`FakeDiscord: the modal has no input(s) ${unknown.join(', ')}`);
  return submitted;
}

function answer(component: JsonObject, fields: Record<string, ModalFieldValue>, seen: Set<string>): JsonObject {
  const customId = getString(component, 'custom_id') ?? '';
  seen.add(customId);
  const value = fields[customId];
  const required = component['required'] !== false;
  if (component['type'] === TextInput) {
    const text = Array.isArray(value) ? value.join(',') : (value ?? '');
    if (required && text.length === 0) throw new Error(`FakeDiscord: modal input "${customId}" is required`);
    const min = getNumber(component, 'min_length');
    const max = getNumber(component, 'max_length') ?? 4000;
    if (text.length > 0 && min !== undefined && text.length < min) throw new Error(`FakeDiscord: "${customId}" shorter than ${min}`);
    if (text.length > max) throw new Error(`FakeDiscord: "${customId}" longer than ${max}`);
    return { type: TextInput, id: component['id'] ?? null, custom_id: customId, value: text };
  }
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (required && values.length === 0) throw new Error(`FakeDiscord: modal select "${customId}" is required`);
  return { type: component['type'] ?? null, id: component['id'] ?? null, custom_id: customId, values };
}
