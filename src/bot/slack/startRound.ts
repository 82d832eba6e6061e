import type { SlashCommand, webApi } from '@slack/bolt';
import { startDrill } from '../../commands/drill.js';
import type { SessionRow } from '../../db/schema.js';
import type { RoundArgs } from './commandText.js';
import { renderBlocks } from './renderBlocks.js';
import { HOW_TO_ANSWER, roundRootCard } from './slackCards.js';
import type { SlackContext } from './SlackContext.js';
import { slackUser, slackWorkspace, threadLocation } from './slackIds.js';
import { channelId } from '../../location.js';
import { SlackSurface } from './SlackSurface.js';

type WebClient = webApi.WebClient;

async function createSession(ctx: SlackContext, command: SlashCommand, kind: 'interview' | 'drill', args: RoundArgs): Promise<SessionRow> {
  const host = slackUser(command.user_id, command.user_name);
  const workspace = slackWorkspace(command.team_id, command.team_domain);
  if (kind === 'drill') {
    await ctx.services.limits.checkDrillCooldown(host);
    const { session } = await startDrill(ctx.services, { caller: host, workspace, role: args.role, difficulty: args.difficulty, platform: 'slack', followUps: args.followUps });
    return session;
  }
  const { session } = await ctx.services.engine.start({
    platform: 'slack',
    kind: 'interview',
    workspace,
    host,
    location: { surface: 'slack', channel: channelId(command.channel_id) },
    role: args.role,
    difficulty: args.difficulty,
    count: args.count,
    mode: 'text',
    followUps: args.followUps,
  });
  return session;
}

/**
 * `/mock-interview` and `/drill`: a channel message roots the round's thread; the thread gets the how-to-answer
 * note, then the first question.
 */
export async function startRound(ctx: SlackContext, client: WebClient, command: SlashCommand, kind: 'interview' | 'drill', args: RoundArgs): Promise<void> {
  const session = await createSession(ctx, command, kind, args);
  let rootTs: string | undefined;
  try {
    const root = await client.chat.postMessage({ channel: command.channel_id, ...renderBlocks(roundRootCard(session, command.user_id)) });
    rootTs = root.ts;
  } finally {
    // A round nobody can see (the bot is not in the channel) must not block the next /mock-interview here.
    if (rootTs === undefined) await ctx.services.engine.end(session.id, 'abandoned');
  }
  if (rootTs === undefined) throw new Error('chat.postMessage returned no ts');
  const thread = { channel: command.channel_id, threadTs: rootTs };
  await ctx.services.engine.moveTo(session.id, threadLocation(thread, session.location));
  const surface = new SlackSurface(client, thread, { actorUserId: command.user_id, questions: ctx.questions });
  await surface.postText(HOW_TO_ANSWER);
  await ctx.flow.askCurrent(session.id, surface);
}
