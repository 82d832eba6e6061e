import { getNumber, getObject, getObjects, getString, type JsonObject } from './json.js';
import type { MessagePatch, MessageStore } from './MessageStore.js';
import { fileIndex } from './multipart.js';
import type { StoredAttachment, UploadedFile } from './types.js';

export interface MessageFields extends MessagePatch {
  referencedMessageId?: string;
}

/**
 * Turns a create/edit message body (+ uploaded files) into stored fields, following Discord's attachment rule:
 * when `attachments` is given it lists exactly what the message keeps (existing ids) or gains (upload indexes);
 * when it is absent, existing attachments stay and uploads are appended.
 */
export function readMessageFields(
  body: JsonObject,
  files: UploadedFile[],
  store: MessageStore,
  existing: StoredAttachment[],
): MessageFields {
  const fields: MessageFields = {};
  if ('content' in body) fields.content = getString(body, 'content') ?? '';
  if ('embeds' in body) fields.embeds = getObjects(body, 'embeds') ?? [];
  if ('components' in body) fields.components = getObjects(body, 'components') ?? [];
  const flags = getNumber(body, 'flags');
  if (flags !== undefined) fields.flags = flags;
  const referenced = getString(getObject(body, 'message_reference'), 'message_id');
  if (referenced) fields.referencedMessageId = referenced;

  const listed = getObjects(body, 'attachments');
  if (listed === undefined && files.length === 0) return fields;

  const uploadsByIndex = new Map<number, UploadedFile>();
  files.forEach((file, position) => uploadsByIndex.set(fileIndex(file.field) ?? position, file));
  const used = new Set<UploadedFile>();
  const result: StoredAttachment[] = [];

  for (const entry of listed ?? []) {
    const id = entry['id'];
    const kept = existing.find((a) => a.id === String(id));
    if (kept) {
      const description = getString(entry, 'description');
      if (description !== undefined) kept.description = description;
      result.push(kept);
      continue;
    }
    const upload = uploadsByIndex.get(Number(id));
    if (!upload || used.has(upload)) continue;
    used.add(upload);
    result.push(store.addAttachment(attachmentInput(upload, entry)));
  }
  const base = listed === undefined ? [...existing] : result;
  for (const upload of uploadsByIndex.values()) {
    if (!used.has(upload)) base.push(store.addAttachment(attachmentInput(upload, {})));
  }
  fields.attachments = base;
  return fields;
}

function attachmentInput(upload: UploadedFile, entry: JsonObject): Parameters<MessageStore['addAttachment']>[0] {
  return {
    filename: upload.filename,
    contentType: upload.contentType,
    data: upload.data,
    description: getString(entry, 'description'),
    durationSecs: getNumber(entry, 'duration_secs'),
    waveform: getString(entry, 'waveform'),
  };
}
