import { slackError, type ApiHandler } from './apiContext.js';
import { argString, isRecord } from './parseApiArgs.js';
import type { FakeSlackFile, UploadRecord } from './types.js';
import { validateBlocks } from './validateBlocks.js';

const filesInfo: ApiHandler = (args, ctx) => {
  const id = argString(args, 'file');
  const file = id === undefined ? undefined : ctx.files.get(id);
  if (file === undefined) return slackError('file_not_found');
  return { ok: true, file, comments: [], response_metadata: { next_cursor: '' } };
};

/** Step 1 of files.uploadV2: reserve a file id and hand out an upload URL (on the fake itself). */
const getUploadUrlExternal: ApiHandler = (args, ctx) => {
  const filename = argString(args, 'filename');
  const length = Number(argString(args, 'length'));
  if (filename === undefined || filename === '' || !Number.isInteger(length) || length <= 0) {
    return slackError('invalid_arguments');
  }
  const record = ctx.files.beginUpload(filename, length, argString(args, 'alt_text'));
  return { ok: true, upload_url: ctx.files.uploadUrl(record.file_id), file_id: record.file_id };
};

interface FileRef {
  id: string;
  title?: string;
}

function fileRefs(value: unknown): FileRef[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const refs: FileRef[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.id !== 'string') return undefined;
    refs.push(typeof item.title === 'string' ? { id: item.id, title: item.title } : { id: item.id });
  }
  return refs;
}

/** Step 3 of files.uploadV2: the uploaded blobs become files and, with a channel, a message sharing them. */
const completeUploadExternal: ApiHandler = (args, ctx) => {
  const refs = fileRefs(args.files);
  if (refs === undefined) return slackError('invalid_arguments');
  const channel = argString(args, 'channel_id');
  if (channel !== undefined && ctx.directory.channel(channel) === undefined) return slackError('channel_not_found');
  if (args.blocks !== undefined) {
    const problem = validateBlocks(args.blocks);
    if (problem !== undefined) return slackError(problem.error, { response_metadata: { messages: problem.messages } });
  }
  const pending: Array<{ ref: FileRef; record: UploadRecord }> = [];
  for (const ref of refs) {
    const record = ctx.files.pendingUpload(ref.id);
    if (record === undefined) return slackError('file_not_found');
    pending.push({ ref, record });
  }
  const threadTs = channel === undefined ? undefined : argString(args, 'thread_ts');
  const comment = argString(args, 'initial_comment');
  const files: FakeSlackFile[] = pending.map(({ ref, record }) =>
    ctx.files.complete(record, {
      user: ctx.identity.botUserId,
      ...(ref.title !== undefined && { title: ref.title }),
      ...(channel !== undefined && { channel_id: channel }),
      ...(threadTs !== undefined && { thread_ts: threadTs }),
      ...(comment !== undefined && { initial_comment: comment }),
    }),
  );
  if (channel !== undefined) {
    ctx.messages.post({
      channel,
      text: comment ?? '',
      user: ctx.identity.botUserId,
      bot_id: ctx.identity.botId,
      files,
      ...(threadTs !== undefined && { thread_ts: threadTs }),
      ...(Array.isArray(args.blocks) && { blocks: args.blocks }),
    });
  }
  return { ok: true, files: files.map((file) => ({ id: file.id, title: file.title })) };
};

export const fileMethods: Record<string, ApiHandler> = {
  'files.info': filesInfo,
  'files.getUploadURLExternal': getUploadUrlExternal,
  'files.completeUploadExternal': completeUploadExternal,
};
