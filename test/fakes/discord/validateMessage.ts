import { getArray, getNumber, getObject, getObjects, getString, walkComponents, type JsonObject } from './json.js';
import { apiError, type RestReply } from './RestRouter.js';
import type { MessageFields } from './messageBody.js';
import type { StoredMessage } from './types.js';

/**
 * Discord's documented limits that a bot can plausibly break (long feedback, many embeds, long custom ids).
 * Returns the 400 Discord would answer, or undefined.
 */
export function validateMessageBody(body: JsonObject): RestReply | undefined {
  const problems: string[] = [];
  const content = getString(body, 'content');
  if (content !== undefined && content.length > 2000) problems.push(`content: ${content.length} > 2000 characters`);
  const embeds = getObjects(body, 'embeds') ?? [];
  if (embeds.length > 10) problems.push(`embeds: ${embeds.length} > 10`);
  let embedTotal = 0;
  embeds.forEach((embed, i) => {
    const title = getString(embed, 'title') ?? '';
    const description = getString(embed, 'description') ?? '';
    if (title.length > 256) problems.push(`embeds[${i}].title > 256`);
    if (description.length > 4096) problems.push(`embeds[${i}].description > 4096`);
    const embedFields = getObjects(embed, 'fields') ?? [];
    if (embedFields.length > 25) problems.push(`embeds[${i}].fields > 25`);
    embedTotal += title.length + description.length;
    embedFields.forEach((field, j) => {
      const name = getString(field, 'name') ?? '';
      const value = getString(field, 'value') ?? '';
      if (name.length === 0 || name.length > 256) problems.push(`embeds[${i}].fields[${j}].name must be 1-256`);
      if (value.length === 0 || value.length > 1024) problems.push(`embeds[${i}].fields[${j}].value must be 1-1024`);
      embedTotal += name.length + value.length;
    });
    embedTotal += (getString(getObject(embed, 'footer'), 'text') ?? '').length;
    embedTotal += (getString(getObject(embed, 'author'), 'name') ?? '').length;
  });
  if (embedTotal > 6000) problems.push(`embeds total ${embedTotal} > 6000 characters`);
  const components = getArray(body, 'components') ?? [];
  for (const component of walkComponents(components)) {
    const customId = getString(component, 'custom_id');
    if (customId !== undefined && (customId.length === 0 || customId.length > 100)) {
      problems.push(`component custom_id must be 1-100 characters: ${customId.slice(0, 40)}`);
    }
    const label = getString(component, 'label');
    if (component['type'] === 2 && label !== undefined && label.length > 80) problems.push('button label > 80');
  }
  problems.push(...voiceMessageProblems(body));
  if (problems.length === 0) return undefined;
  return apiError(400, 50035, `Invalid Form Body: ${problems.join('; ')}`);
}

/** IS_VOICE_MESSAGE (1 << 13). */
const IS_VOICE_MESSAGE = 8192;

/**
 * A voice message (flag IS_VOICE_MESSAGE) is one audio attachment with `duration_secs` and `waveform`, and nothing
 * else: no content, embeds or components.
 */
function voiceMessageProblems(body: JsonObject): string[] {
  if (((getNumber(body, 'flags') ?? 0) & IS_VOICE_MESSAGE) === 0) return [];
  const problems: string[] = [];
  if ((getString(body, 'content') ?? '') !== '') problems.push('a voice message cannot have content');
  if ((getObjects(body, 'embeds') ?? []).length > 0) problems.push('a voice message cannot have embeds');
  if ((getArray(body, 'components') ?? []).length > 0) problems.push('a voice message cannot have components');
  const attachments = getObjects(body, 'attachments') ?? [];
  if (attachments.length !== 1) problems.push(`a voice message has exactly one attachment, got ${attachments.length}`);
  for (const a of attachments) {
    if (getNumber(a, 'duration_secs') === undefined) problems.push('a voice message attachment needs duration_secs');
    if (getString(a, 'waveform') === undefined) problems.push('a voice message attachment needs a waveform');
  }
  return problems;
}

/** A message must end up with something visible. */
export function isEmptyMessage(fields: MessageFields, existing?: StoredMessage): boolean {
  const content = fields.content ?? existing?.content ?? '';
  const embeds = fields.embeds ?? existing?.embeds ?? [];
  const components = fields.components ?? existing?.components ?? [];
  const attachments = fields.attachments ?? existing?.attachments ?? [];
  return content.length === 0 && embeds.length === 0 && components.length === 0 && attachments.length === 0;
}

export const emptyMessageError = (): RestReply => apiError(400, 50006, 'Cannot send an empty message');
