import { randomBytes } from 'node:crypto';
import type { KnownBlock } from '@slack/web-api';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeSlack,
  fileShareMessage,
  fileSharedEvent,
  httpError,
  loadBolt,
  rateLimited,
  threadReply,
  apiError,
} from './slack/index.js';

type Bolt = Awaited<ReturnType<typeof loadBolt>>;
type BoltApp = InstanceType<Bolt['App']>;

const USER = 'U0CANDIDATE';
const CHANNEL = 'C0PRACTICE';
// 1×1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

interface Download {
  fileId: string;
  status: number;
  contentType: string;
  bytes: Buffer;
}

const question = (value: string): KnownBlock[] => [
  { type: 'section', text: { type: 'mrkdwn', text: '*Question 1*: Tell me about a time you disagreed.' } },
  {
    type: 'actions',
    block_id: 'answer',
    elements: [{ type: 'button', action_id: 'answer_done', text: { type: 'plain_text', text: 'Done' }, value }],
  },
];

describe('FakeSlack driven by the real Bolt App (HTTP receiver)', () => {
  let fake: FakeSlack;
  let app: BoltApp;
  const clicks: Array<{ value: string | undefined; threadTs: unknown }> = [];
  const downloads: Download[] = [];
  const replies: string[] = [];
  const sharedFileIds: string[] = [];

  beforeAll(async () => {
    const { App, LogLevel } = await loadBolt();
    fake = await FakeSlack.start();
    app = new App({
      token: fake.botToken,
      signingSecret: fake.signingSecret,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      processBeforeResponse: true,
      botId: fake.identity.botId,
      botUserId: fake.identity.botUserId,
      logLevel: LogLevel.ERROR,
    });

    app.command('/interview', async ({ command, ack, client }) => {
      await ack();
      const root = await client.chat.postMessage({ channel: command.channel_id, text: `Mock interview: ${command.text}` });
      if (root.ts === undefined) throw new Error('no ts');
      await client.chat.postMessage({ channel: command.channel_id, thread_ts: root.ts, text: 'Question 1', blocks: question('q1') });
    });

    app.command('/progress', async ({ command, ack, client }) => {
      await ack({ response_type: 'ephemeral', text: 'Rendering your chart…' });
      await client.files.uploadV2({
        channel_id: command.channel_id,
        thread_ts: command.text,
        file: PNG,
        filename: 'progress.png',
        title: 'Progress',
        initial_comment: 'Your last 5 rounds',
      });
    });

    app.action('answer_done', async ({ ack, body, client }) => {
      await ack();
      if (body.type !== 'block_actions' || body.channel === undefined || body.message === undefined) return;
      const action = body.actions[0];
      clicks.push({ value: action?.type === 'button' ? action.value : undefined, threadTs: body.container.thread_ts });
      await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: 'Answer recorded', blocks: [] });
    });

    app.event('message', async ({ event, context }) => {
      if (event.subtype === 'file_share') {
        for (const file of event.files ?? []) {
          if (file.url_private_download === undefined) continue;
          const response = await fetch(file.url_private_download, { headers: { Authorization: `Bearer ${context.botToken ?? ''}` } });
          downloads.push({
            fileId: file.id,
            status: response.status,
            contentType: response.headers.get('content-type') ?? '',
            bytes: Buffer.from(await response.arrayBuffer()),
          });
        }
      } else if (event.subtype === undefined && event.thread_ts !== undefined) {
        replies.push(event.text ?? '');
      }
    });

    app.event('file_shared', async ({ event }) => {
      sharedFileIds.push(event.file_id);
    });

    const server = await app.start({ port: 0, host: '127.0.0.1' });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('Bolt did not bind a TCP port');
    fake.setBotEndpoint(`http://127.0.0.1:${address.port}/slack/events`);
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  it('slash command → ack, then a thread with a Block Kit button; the Web API call is recorded as sent', async () => {
    const result = await fake.sendSlashCommand({ command: '/interview', text: 'backend', user_id: USER, channel_id: CHANNEL });
    expect(result.status).toBe(200);

    const [root, ...rest] = fake.channelMessages(CHANNEL);
    expect(root?.text).toBe('Mock interview: backend');
    const thread = fake.threadMessages(CHANNEL, root?.ts ?? '');
    expect(thread.map((m) => m.text)).toEqual(['Mock interview: backend', 'Question 1']);
    expect(rest[0]?.thread_ts).toBe(root?.ts);

    const call = fake.lastCall('chat.postMessage');
    expect(call?.contentType).toBe('application/x-www-form-urlencoded');
    expect(call?.authorization).toBe(`Bearer ${fake.botToken}`);
    expect(call?.args.blocks).toEqual(question('q1'));
    expect(call?.args.thread_ts).toBe(root?.ts);
  });

  it('button click → block_actions payload carries the posted value and thread; handler updates the message', async () => {
    const root = fake.channelMessages(CHANNEL)[0];
    const questionMessage = fake.threadMessages(CHANNEL, root?.ts ?? '')[1];
    if (questionMessage === undefined) throw new Error('question not posted');

    const result = await fake.sendBlockAction({ action_id: 'answer_done', user: USER, channel: CHANNEL, message_ts: questionMessage.ts });
    expect(result.status).toBe(200);
    expect(clicks).toEqual([{ value: 'q1', threadTs: root?.ts }]);

    const updated = fake.message(CHANNEL, questionMessage.ts);
    expect(updated?.text).toBe('Answer recorded');
    expect(updated?.blocks).toEqual([]);
    expect(updated?.edits).toBe(1);
    expect(fake.threadMessages(CHANNEL, root?.ts ?? '')).toHaveLength(2);
    await expect(
      fake.sendBlockAction({ action_id: 'nope', user: USER, channel: CHANNEL, message_ts: questionMessage.ts }),
    ).rejects.toThrow(/no element with action_id "nope"/);
  });

  it('audio clip (file_share, slack_audio, audio/mp4) → handler downloads the exact bytes with the bot token', async () => {
    const bytes = randomBytes(4096);
    const clip = fake.addAudioClip({ bytes, user: USER, durationMs: 4200 });
    expect(clip).toMatchObject({ subtype: 'slack_audio', mimetype: 'audio/mp4', filetype: 'm4a', name: 'audio_message.m4a' });

    const result = await fake.sendEvent(fileShareMessage({ user: USER, channel: CHANNEL, files: [clip] }));
    expect(result.status).toBe(200);
    const got = downloads.find((d) => d.fileId === clip.id);
    expect(got?.contentType).toBe('audio/mp4');
    expect(got?.bytes.equals(bytes)).toBe(true);
    expect(fake.lastCall('download')?.args).toMatchObject({ file_id: clip.id, outcome: 'served' });
  });

  it('webm clip in a thread is served as audio/webm', async () => {
    const bytes = randomBytes(1500);
    const clip = fake.addAudioClip({ bytes, mimetype: 'audio/webm', user: USER });
    await fake.sendEvent(fileShareMessage({ user: USER, channel: CHANNEL, files: [clip], thread_ts: '1700000000.000100' }));
    const got = downloads.find((d) => d.fileId === clip.id);
    expect(got?.contentType).toBe('audio/webm');
    expect(got?.bytes.equals(bytes)).toBe(true);
  });

  it('download without files:read (or without the token) answers a 200 HTML login page, detectable by content type', async () => {
    const clip = fake.addAudioClip({ bytes: randomBytes(256), user: USER });
    fake.setFilesReadScope(false);
    try {
      await fake.sendEvent(fileShareMessage({ user: USER, channel: CHANNEL, files: [clip] }));
    } finally {
      fake.setFilesReadScope(true);
    }
    const got = downloads.find((d) => d.fileId === clip.id);
    expect(got?.status).toBe(200);
    expect(got?.contentType).toMatch(/^text\/html/);
    expect(got?.bytes.toString('utf8')).toContain('Sign in to fake-team');

    const anonymous = await fetch(clip.url_private_download);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('content-type')).toMatch(/^text\/html/);
    const wrongToken = await fetch(clip.url_private_download, { headers: { Authorization: 'Bearer xoxb-other' } });
    expect(wrongToken.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('files.uploadV2 of a PNG: URL → bytes → complete; the file lands in the thread with the same bytes', async () => {
    const threadTs = fake.channelMessages(CHANNEL)[0]?.ts ?? '';
    const result = await fake.sendSlashCommand({ command: '/progress', text: threadTs, user_id: USER, channel_id: CHANNEL });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ response_type: 'ephemeral', text: 'Rendering your chart…' });

    expect(fake.calls().filter((c) => c.kind !== 'download').slice(-3).map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    const [upload] = fake.uploads();
    expect(upload).toMatchObject({ filename: 'progress.png', declaredLength: PNG.length, completed: true, channel_id: CHANNEL, thread_ts: threadTs });
    expect(upload?.bytes?.equals(PNG)).toBe(true);
    expect(upload?.file?.mimetype).toBe('image/png');

    const shared = fake.threadMessages(CHANNEL, threadTs).at(-1);
    expect(shared?.text).toBe('Your last 5 rounds');
    expect(shared?.files?.[0]?.id).toBe(upload?.file_id);
    const back = await fetch(upload?.file?.url_private_download ?? '', { headers: { Authorization: `Bearer ${fake.botToken}` } });
    expect(Buffer.from(await back.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('file_shared and a plain thread reply reach their listeners', async () => {
    const clip = fake.addAudioClip({ bytes: randomBytes(64), user: USER });
    expect((await fake.sendEvent(fileSharedEvent({ file: clip, user: USER, channel: CHANNEL }))).status).toBe(200);
    expect(sharedFileIds).toContain(clip.id);
    await fake.sendEvent(threadReply({ user: USER, channel: CHANNEL, thread_ts: '1700000000.000100', text: 'my answer' }));
    expect(replies).toEqual(['my answer']);
  });

  it('a bad signature and a stale timestamp are rejected with 401 before any handler runs', async () => {
    const before = fake.calls().length;
    const params = { command: '/interview', text: 'x', user_id: USER, channel_id: CHANNEL };
    expect((await fake.sendSlashCommand(params, { badSignature: true })).status).toBe(401);
    expect((await fake.sendSlashCommand(params, { staleTimestamp: true })).status).toBe(401);
    expect((await fake.sendEvent(threadReply({ user: USER, channel: CHANNEL, thread_ts: '1.2', text: 'x' }), { badSignature: true })).status).toBe(401);
    expect(fake.calls()).toHaveLength(before);
    expect(replies).toEqual(['my answer']);
  });
});

describe('FakeSlack Web API with the real WebClient', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addChannel({ id: CHANNEL, name: 'practice' });
    fake.addUser({ id: USER, name: 'cand', real_name: 'Candidate One' });
    client = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  });

  afterAll(async () => {
    await fake?.stop();
  });

  it('answers auth.test, conversations.info, users.info, files.info and rejects unknown ids', async () => {
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true, user_id: fake.identity.botUserId, bot_id: fake.identity.botId });
    await expect(client.conversations.info({ channel: CHANNEL })).resolves.toMatchObject({ channel: { id: CHANNEL, name: 'practice' } });
    await expect(client.users.info({ user: USER })).resolves.toMatchObject({ user: { real_name: 'Candidate One' } });
    const clip = fake.addAudioClip({ bytes: randomBytes(10) });
    await expect(client.files.info({ file: clip.id })).resolves.toMatchObject({ file: { id: clip.id, subtype: 'slack_audio' } });
    await expect(client.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    await expect(client.chat.postMessage({ channel: 'C0UNKNOWN', text: 'hi' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
  });

  it('requires a Bearer token', async () => {
    const anonymous = new WebClient(undefined, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(anonymous.chat.postMessage({ channel: CHANNEL, text: 'hi' })).rejects.toMatchObject({ data: { error: 'not_authed' } });
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    await expect(wrong.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    expect(fake.calls('chat.postMessage').at(-1)?.authorization).toBeUndefined();
  });

  it('postEphemeral, reactions.add, chat.delete keep state like Slack', async () => {
    const posted = await client.chat.postMessage({ channel: CHANNEL, text: 'to delete' });
    const ts = posted.ts ?? '';
    await client.reactions.add({ channel: CHANNEL, timestamp: ts, name: 'white_check_mark' });
    await expect(client.reactions.add({ channel: CHANNEL, timestamp: ts, name: 'white_check_mark' })).rejects.toMatchObject({
      data: { error: 'already_reacted' },
    });
    expect(fake.message(CHANNEL, ts)?.reactions).toEqual([{ name: 'white_check_mark', users: [fake.identity.botUserId], count: 1 }]);
    await client.chat.postEphemeral({ channel: CHANNEL, user: USER, text: 'only you' });
    expect(fake.ephemeralMessages(CHANNEL).map((m) => [m.user, m.text])).toEqual([[USER, 'only you']]);
    await client.chat.delete({ channel: CHANNEL, ts });
    expect(fake.message(CHANNEL, ts)).toBeUndefined();
    await expect(client.chat.update({ channel: CHANNEL, ts, text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
  });

  it('rejects blocks Slack would reject (section text over 3000 chars)', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    await expect(client.chat.postMessage({ channel: CHANNEL, text: 'long', blocks })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    expect(fake.channelMessages(CHANNEL).some((m) => m.text === 'long')).toBe(false);
  });

  it('injects failures per method: 429 with Retry-After, HTTP 500, Slack errors; then serves normally', async () => {
    fake.failNext('chat.postMessage', rateLimited(7));
    await expect(client.chat.postMessage({ channel: CHANNEL, text: 'a' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    });
    fake.failNext('chat.postMessage', httpError(500));
    await expect(client.chat.postMessage({ channel: CHANNEL, text: 'b' })).rejects.toMatchObject({
      code: 'slack_webapi_http_error',
      statusCode: 500,
    });
    fake.failNext('chat.postMessage', apiError('not_in_channel'));
    await expect(client.chat.postMessage({ channel: CHANNEL, text: 'c' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    await expect(client.chat.postMessage({ channel: CHANNEL, text: 'd' })).resolves.toMatchObject({ ok: true });
    expect(fake.calls('chat.postMessage').slice(-4).map((c) => c.status)).toEqual([429, 500, 200, 200]);
    expect(fake.channelMessages(CHANNEL).map((m) => m.text)).toContain('d');
    expect(fake.channelMessages(CHANNEL).map((m) => m.text)).not.toContain('a');
  });

  it('waitFor resolves on a future call and times out with the calls seen', async () => {
    const pending = fake.waitForCall('chat.postMessage', (c) => c.args.text === 'later', 1000);
    setTimeout(() => void client.chat.postMessage({ channel: CHANNEL, text: 'later' }), 20);
    await expect(pending).resolves.toMatchObject({ args: { channel: CHANNEL, text: 'later' } });
    await expect(fake.waitFor((c) => c.method === 'never.called', 50)).rejects.toThrow(/within 50 ms/);
  });
});
