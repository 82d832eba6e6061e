import type { webApi } from '@slack/bolt';
import { hearReplay, REPLAY_FILE_NAME, replayCard } from '../../commands/hearReplay.js';
import type { AnswerId } from '../../ids.js';
import { renderBlocks } from './renderBlocks.js';
import type { SlackContext } from './SlackContext.js';
import { SLACK_REFUSALS } from './slackActor.js';
import { slackUser } from './slackIds.js';

type WebClient = webApi.WebClient;

export const REPLAY_SENT_TO_DM = '🎧 Your answer without the ums is in your DM with me (under *Apps*) — only you can hear it.';

/**
 * "Hear it without the ums" on Slack: files cannot be ephemeral, so the replay goes to the person's DM with the bot
 * (posting to a user id opens it with chat:write alone), with the note as its message. Returns the DM's channel, so
 * the caller can say where it went when the click was elsewhere.
 */
export async function sendReplayToDm(ctx: SlackContext, client: WebClient, userId: string, answer: AnswerId): Promise<{ dmChannel: string }> {
  const audio = await hearReplay(ctx.services, slackUser(userId), answer, SLACK_REFUSALS);
  const dm = await client.chat.postMessage({ channel: userId, ...renderBlocks(replayCard(audio, ctx.services.config.REPLAY_MINUTES)) });
  if (dm.channel === undefined) throw new Error('chat.postMessage to a user returned no channel');
  await client.files.uploadV2({ channel_id: dm.channel, file: audio.ogg, filename: REPLAY_FILE_NAME, title: 'Your answer without the ums' });
  return { dmChannel: dm.channel };
}
