import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProgressArgs, parseRoundArgs } from '../../src/bot/slack/commandText.js';
import { isTrustedFileUrl } from '../../src/bot/slack/downloadSlackFile.js';
import { SeenKeys } from '../../src/bot/slack/SeenKeys.js';
import { isAudioFile, readSlackFile } from '../../src/bot/slack/slackFile.js';
import { threadLocation, threadOfLocation } from '../../src/bot/slack/slackIds.js';
import { slackMode } from '../../src/bot/slack/slackMode.js';
import { COMMANDS } from '../../src/bot/slack/slashCommands.js';
import { readThreadReply } from '../../src/bot/slack/threadMessages.js';
import { ConfigError } from '../../src/config/index.js';
import { fileShareMessage, textMessage, threadReply } from '../fakes/slack/index.js';
import { platformUserId } from '../../src/ids.js';

describe('slash command text', () => {
  it('reads role, question count and difficulty in any order, with key:value forms', () => {
    expect(parseRoundArgs('backend 3', '/mock-interview', { allowCount: true })).toEqual({ role: 'backend', difficulty: 'mid', count: 3, followUps: false });
    expect(parseRoundArgs('senior full stack 2', '/mock-interview', { allowCount: true })).toEqual({ role: 'fullstack', difficulty: 'senior', count: 2, followUps: false });
    expect(parseRoundArgs('role:frontend questions:4', '/mock-interview', { allowCount: true })).toMatchObject({ role: 'frontend', count: 4 });
    expect(parseRoundArgs('devops', '/mock-interview', { allowCount: true }).count).toBe(5);
    expect(parseRoundArgs('backend 2 follow_ups', '/mock-interview', { allowCount: true })).toEqual({ role: 'backend', difficulty: 'mid', count: 2, followUps: true });
    expect(parseRoundArgs('follow-ups:true frontend', '/drill', { allowCount: false }).followUps).toBe(true);
  });

  it('answers bad input with a usage line, not a crash', () => {
    expect(() => parseRoundArgs('', '/mock-interview', { allowCount: true })).toThrow(/Usage: `\/mock-interview <role>/);
    expect(() => parseRoundArgs('astronaut', '/drill', { allowCount: false })).toThrow(/Unknown role "astronaut"/);
    expect(() => parseRoundArgs('backend 3', '/drill', { allowCount: false })).toThrow(/Usage: `\/drill <role> \[difficulty\]`/);
    expect(() => parseRoundArgs('backend 40', '/mock-interview', { allowCount: true })).toThrow(/between 1 and 10/);
  });

  it('/progress is private unless asked to share; role and period are optional', () => {
    expect(parseProgressArgs('')).toEqual({ public: false });
    expect(parseProgressArgs('public backend 30d')).toEqual({ public: true, role: 'backend', periodDays: 30 });
    expect(() => parseProgressArgs('everything')).toThrow(/Unknown role/);
  });
});

describe('mode selection', () => {
  const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined, SLACK_PORT: 3000 };
  it('prefers Socket Mode with an app token, else HTTP with the signing secret', () => {
    expect(slackMode({ ...base, SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' })).toMatchObject({ kind: 'socket', appToken: 'xapp-1' });
    expect(slackMode({ ...base, SLACK_SIGNING_SECRET: 's', SLACK_PORT: 8080 })).toMatchObject({ kind: 'http', port: 8080 });
  });
  it('names what is missing', () => {
    expect(() => slackMode(base)).toThrow(ConfigError);
    expect(() => slackMode(base)).toThrow(/SLACK_APP_TOKEN .* or SLACK_SIGNING_SECRET/);
    expect(() => slackMode({ ...base, SLACK_BOT_TOKEN: undefined })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => slackMode({ ...base, SLACK_APP_TOKEN: 'xoxb-wrong-kind' })).toThrow(/xapp-/);
  });
});

describe('events and files', () => {
  it('a thread reply by a person is read; roots, bot posts and edits are not', () => {
    const reply = readThreadReply(threadReply({ user: 'U1', channel: 'C1', thread_ts: '1.000100', text: 'hi' }));
    expect(reply).toMatchObject({ channel: 'C1', threadTs: '1.000100', user: 'U1', text: 'hi', files: [] });
    expect(readThreadReply(textMessage({ user: 'U1', channel: 'C1', text: 'root' }))).toBeUndefined();
    expect(readThreadReply({ ...threadReply({ user: 'U1', channel: 'C1', thread_ts: '1.1', text: 'x' }), bot_id: 'B1' })).toBeUndefined();
    expect(readThreadReply({ ...threadReply({ user: 'U1', channel: 'C1', thread_ts: '1.1', text: 'x' }), subtype: 'message_changed' })).toBeUndefined();
  });

  it('clips (slack_audio, even labelled video/mp4) and audio uploads count as audio; images do not', () => {
    const base = { id: 'F1', name: 'a', filetype: 'm4a', size: 1 };
    const file = (extra: Record<string, unknown>) => readSlackFile({ ...base, ...extra });
    const audio = (extra: Record<string, unknown>) => {
      const parsed = file(extra);
      return parsed !== undefined && isAudioFile(parsed);
    };
    expect(audio({ mimetype: 'video/mp4', subtype: 'slack_audio', filetype: 'mp4' })).toBe(true);
    expect(audio({ mimetype: 'audio/webm', filetype: 'webm' })).toBe(true);
    expect(audio({ mimetype: 'image/png', filetype: 'png' })).toBe(false);
    const message = fileShareMessage({ user: 'U1', channel: 'C1', files: [], thread_ts: '1.2' });
    expect(readThreadReply(message)?.files).toEqual([]);
    expect(file({ mimetype: 'audio/mp4', shares: { public: { C9: [{ ts: '2.0', thread_ts: '1.5' }] } } })?.threads).toEqual([
      { channel: 'C9', threadTs: '1.5' },
    ]);
  });

  it('sends the bot token only to Slack file hosts (or an explicitly trusted local Slack)', () => {
    expect(isTrustedFileUrl('https://files.slack.com/files-pri/T1-F1/download/a.m4a')).toBe(true);
    expect(isTrustedFileUrl('http://files.slack.com/x')).toBe(false);
    expect(isTrustedFileUrl('https://files.slack.com.evil.io/x')).toBe(false);
    expect(isTrustedFileUrl('http://127.0.0.1:5000/files-pri/x')).toBe(false);
    expect(isTrustedFileUrl('http://127.0.0.1:5000/files-pri/x', ['http://127.0.0.1:5000'])).toBe(true);
    expect(isTrustedFileUrl('not a url')).toBe(false);
  });

  it('a thread round-trips through its location, which names its channel (a ts is unique only within one)', () => {
    const thread = { channel: 'C0PRACTICE', threadTs: '1700000000.000100' };
    expect(threadLocation(thread)).toEqual({ surface: 'slack', channel: 'C0PRACTICE', threadTs: '1700000000.000100' });
    expect(threadOfLocation(threadLocation(thread))).toEqual(thread);
    expect(threadLocation(thread)).not.toEqual(threadLocation({ ...thread, channel: 'C0OTHER' }));
    // A drill keeps its owner when it moves into its thread; before that it has no thread to post in.
    const drill = { surface: 'slack', user: platformUserId('U1') } as const;
    expect(threadLocation(thread, drill)).toMatchObject({ user: 'U1' });
    expect(threadOfLocation(drill)).toBeUndefined();
  });

  it('SeenKeys claims a key once within its TTL, then again after it', () => {
    let now = 0;
    const seen = new SeenKeys(1000, () => now);
    expect(seen.claim('file:F1')).toBe(true);
    expect(seen.claim('file:F1')).toBe(false);
    expect(seen.has('file:F1')).toBe(true);
    now = 1500;
    expect(seen.claim('file:F2')).toBe(true);
    expect(seen.size).toBe(1);
    expect(seen.claim('file:F1')).toBe(true);
  });
});

describe('app manifest', () => {
  const manifest = readFileSync(new URL('../../slack/manifest.yaml', import.meta.url), 'utf8');
  const listUnder = (key: string): string[] => {
    const block = new RegExp(`\\n(\\s*)${key}:\\n((?:\\1\\s+(?:- .*|#.*)\\n)+)`).exec(manifest)?.[2] ?? '';
    return [...block.matchAll(/- (\S+)/g)].map((m) => m[1] ?? '');
  };

  it('declares exactly the scopes and events the adapter relies on', () => {
    expect(listUnder('bot').sort()).toEqual(['channels:history', 'chat:write', 'commands', 'files:read', 'files:write', 'groups:history', 'im:history']);
    expect(listUnder('bot_events').sort()).toEqual(['file_shared', 'message.channels', 'message.groups', 'message.im']);
  });

  it('declares every slash command the adapter registers, with interactivity and Socket Mode on', () => {
    const commands = [...manifest.matchAll(/- command: (\S+)/g)].map((m) => m[1]);
    expect(commands.sort()).toEqual(Object.values(COMMANDS).sort());
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
  });
});
