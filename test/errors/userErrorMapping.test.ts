import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/commands/card.js';
import { parseDifficulty } from '../../src/commands/roleOption.js';
import { discordUserError } from '../../src/bot/discord/errors.js';
import { renderReply } from '../../src/bot/discord/renderCard.js';
import { parseRoundArgs } from '../../src/bot/slack/commandText.js';
import { renderBlocks } from '../../src/bot/slack/renderBlocks.js';
import { FRIENDLY_FAILURE, reportFailure } from '../../src/bot/slack/slackErrors.js';
import { UserFacingError, type UserErrorCode } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { INTERNAL_ANSWER_MESSAGE, INTERNAL_MESSAGE, toUserError } from '../../src/toUserError.js';
import { ProviderError } from '../../src/pipeline/providers/ProviderError.js';
import { TRANSCRIBER_FAILED_MESSAGE } from '../../src/pipeline/providers/transcriberFailed.js';
import { SpeechModelNotReady, TranscriptionFailed } from '../../src/pipeline/transcribe/TranscriptionFailed.js';
import { answerId, sessionId } from '../helpers/ids.js';

/** Every code, once: adding a code without adding it here fails to compile (the record must be complete). */
const EVERY_CODE: Record<UserErrorCode, true> = {
  unknown_role: true,
  unknown_difficulty: true,
  bad_question_count: true,
  bad_usage: true,
  file_unreadable: true,
  empty_answer: true,
  answer_too_long: true,
  audio_too_long: true,
  audio_too_large: true,
  audio_unreadable: true,
  audio_unsupported: true,
  no_speech: true,
  session_running: true,
  no_session: true,
  not_participant: true,
  session_ended: true,
  round_not_started: true,
  not_your_turn: true,
  own_answer: true,
  bad_rating: true,
  answer_gone: true,
  already_answered: true,
  stale_question: true,
  unknown_action: true,
  not_host: true,
  wrong_channel: true,
  guild_only: true,
  no_practice: true,
  not_in_voice_channel: true,
  voice_unavailable: true,
  ffmpeg_missing: true,
  no_transcriber: true,
  transcriber_failed: true,
  work_failed: true,
  nothing_to_download: true,
  replay_expired: true,
  not_your_replay: true,
  missing_permissions: true,
  rate_limited: true,
  cooldown: true,
  quota_exceeded: true,
  forbidden: true,
  config_invalid: true,
  internal: true,
};
const CODES = Object.keys(EVERY_CODE) as UserErrorCode[];

function capturingLogger() {
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, errors: () => entries().filter((e) => e.level === 50) };
}

/** What a Discord user sees for `error`: the embed text of the reply the router sends. */
function discordShows(error: unknown, logger = capturingLogger().logger): string {
  const reply = renderReply({ title: 'x', description: discordUserError(error, logger).message, tone: 'error' });
  return JSON.stringify(reply.embeds?.map((e) => ('toJSON' in e ? e.toJSON() : e)));
}

/** What a Slack user sees for `error`: the blocks reportFailure posts. */
async function slackShows(error: unknown, logger = capturingLogger().logger): Promise<{ card: Card; text: string }> {
  let shown: Card | undefined;
  await reportFailure(error, logger, 'test', async (card) => {
    shown = card;
  });
  if (!shown) throw new Error('nothing shown');
  return { card: shown, text: JSON.stringify(renderBlocks(shown)) };
}

describe('one mapping from errors to what people see', () => {
  it.each(CODES)('%s: its message reaches Discord and Slack as it is, and nothing is logged as an error', async (code) => {
    const message = `Plain words for ${code}, nothing more`;
    const error = new UserFacingError(code, message);
    const log = capturingLogger();
    expect(toUserError(error)).toBe(error);
    expect(discordShows(error, log.logger)).toContain(message);
    const slack = await slackShows(error, log.logger);
    expect(slack.card.description).toBe(message);
    expect(slack.text).toContain(message);
    expect(log.errors()).toEqual([]);
  });

  it('real throw sites carry their own codes instead of one catch-all', () => {
    expect(() => parseDifficulty('legendary')).toThrow(expect.objectContaining({ code: 'unknown_difficulty' }));
    expect(() => parseRoundArgs('backend 99', '/interview', { allowCount: true })).toThrow(expect.objectContaining({ code: 'bad_question_count' }));
    expect(() => parseRoundArgs('', '/interview', { allowCount: true })).toThrow(expect.objectContaining({ code: 'bad_usage' }));
  });

  it("each platform's own failures are translated by that platform only", async () => {
    const discordRefused = new DiscordAPIError(
      { code: RESTJSONErrorCodes.MissingPermissions, message: 'Missing Permissions' },
      RESTJSONErrorCodes.MissingPermissions,
      403,
      'POST',
      '/channels/1/messages',
      { body: undefined, files: undefined },
    );
    const log = capturingLogger();
    expect(discordUserError(discordRefused, log.logger).code).toBe('missing_permissions');
    expect(discordShows(discordRefused)).toMatch(/Send Messages in Threads/);
    expect(log.errors()).toEqual([]);

    const slackRefused = { code: 'slack_webapi_platform_error', data: { ok: false, error: 'not_in_channel' } };
    const slack = await slackShows(slackRefused);
    expect(slack.card.description).toMatch(/Invite me with/);
    expect((await slackShows({ code: 'slack_webapi_rate_limited_error', retryAfter: 3 })).card.description).toMatch(/rate-limiting/);

    // Discord does not know Slack's errors: on Discord the same object is unexpected.
    const crossed = capturingLogger();
    expect(discordUserError(slackRefused, crossed.logger).code).toBe('internal');
    expect(crossed.errors()).toHaveLength(1);
  });

  it('an unknown error becomes internal, shows no detail, and is logged exactly once with its ids', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'score') at /srv/app/secret-path.ts:12");
    const log = capturingLogger();
    const shown = toUserError(bug, { logger: log.logger, context: { where: 'answer', sessionId: sessionId('s-42'), answerId: answerId(7) } });
    expect(shown.code).toBe('internal');
    expect(shown.message).toBe(INTERNAL_ANSWER_MESSAGE);
    expect(shown.cause).toBe(bug);
    // Mapped again further up (an adapter's catch-all): already user-facing, so not logged twice.
    expect(toUserError(shown, { logger: log.logger })).toBe(shown);
    const errors = log.errors();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'unexpected error', where: 'answer', sessionId: 's-42', answerId: 7 });

    const noAnswer = toUserError(new Error('boom'));
    expect(noAnswer.message).toBe(INTERNAL_MESSAGE);

    const slack = await slackShows(bug);
    expect(slack.card.description).toBe(FRIENDLY_FAILURE);
    expect(slack.text).not.toMatch(/TypeError|secret-path/);
    expect(discordShows(bug)).not.toMatch(/TypeError|secret-path/);
  });
});

describe('a failed transcription step is worded by the mapping, not by the transcriber', () => {
  const providerFailure = new ProviderError('openai-transcription', 'unavailable', 'HTTP 500', { status: 500 });

  it('a provider failure: the answer is kept and feedback will follow', () => {
    const shown = toUserError(new TranscriptionFailed('openai:whisper-1', providerFailure));
    expect(shown).toMatchObject({ code: 'transcriber_failed', message: TRANSCRIBER_FAILED_MESSAGE });
    expect(shown.cause).toBeInstanceOf(TranscriptionFailed);
  });

  it('a local model that is not ready says why, in one line', () => {
    const notReady = new SpeechModelNotReady('whisper.cpp:ggml-base.en.bin', 'Downloading the speech model failed: HTTP 404.', new Error('404'));
    expect(toUserError(new TranscriptionFailed('whisper.cpp:ggml-base.en.bin', notReady)).message).toBe(
      "Speech recognition isn't ready: Downloading the speech model failed: HTTP 404. Your answer is saved and I'll try again; text answers work now.",
    );
  });

  it('a surface that saves nothing (the CLI) words the same code its own way; other errors keep theirs', () => {
    const wording = { transcriber_failed: 'Transcription failed. Nothing was saved.' };
    expect(toUserError(new TranscriptionFailed('openai:whisper-1', providerFailure), { wording })).toMatchObject({ code: 'transcriber_failed', message: 'Transcription failed. Nothing was saved.' });
    expect(toUserError(new UserFacingError('no_speech', 'I heard nothing.'), { wording }).message).toBe('I heard nothing.');
  });

  it('a raw provider error that reached the edge unexplained is internal', () => {
    expect(toUserError(providerFailure).code).toBe('internal');
  });
});
