import { ChannelType, GuildMember, type ChatInputCommandInteraction } from 'discord.js';
import { roleLabel } from '../../../commands/cards/questionCard.js';
import { parseDifficulty, parseRole } from '../../../commands/roleOption.js';
import { UserFacingError } from '../../../errors.js';
import { waitsInLobby } from '../../../session/lobbyRule.js';
import type { StartSessionOptions } from '../../../session/types.js';
import type { BotContext } from '../BotContext.js';
import { userIdentity, workspaceIdentity } from '../identity.js';
import { renderCard } from '../renderCard.js';
import { currentLobbyCard, refreshLobby, startLobbyTimer } from '../lobby.js';
import { joinVoiceOrSwitchToText } from '../voiceFallback.js';
import { channelId, discordChannel } from '../../../location.js';

function voiceChannelOf(interaction: ChatInputCommandInteraction): string | null {
  const member = interaction.member;
  if (member instanceof GuildMember) return member.voice.channelId;
  return interaction.guild?.voiceStates.cache.get(interaction.user.id)?.channelId ?? null;
}

const WELCOME_WITH_REPLIES = 'Questions appear here. Reply in this thread with text or a voice message — or use the buttons on each question.';
const WELCOME_BUTTONS_ONLY = 'Questions appear here. Answer with the buttons on each question: **Answer in text** opens a form.';

/**
 * `/mock-interview`: lobby card in the channel, a thread for the round. A text round asks Question 1 at once (others
 * press Join while it runs); voice rounds and `lobby:true` wait for people first.
 */
export async function mockInterview(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild() || !interaction.guild || !interaction.channel) {
    throw new UserFacingError('guild_only', 'Mock interviews run in a server channel. For practice on your own, use `/drill`.');
  }
  if (interaction.channel.isThread()) throw new UserFacingError('wrong_channel', 'Start the round in a regular text channel — I open a thread for it.');
  const role = parseRole(interaction.options.getString('role', true));
  const difficulty = parseDifficulty(interaction.options.getString('difficulty') ?? undefined);
  const requestedMode = interaction.options.getString('mode') ?? 'auto';
  const requestedLobby = interaction.options.getBoolean('lobby') ?? undefined;
  const voiceChannelId = voiceChannelOf(interaction);
  const mode = requestedMode === 'text' ? 'text' : requestedMode === 'voice' || voiceChannelId ? 'voice' : 'text';
  if (mode === 'voice' && !voiceChannelId) throw new UserFacingError('not_in_voice_channel', 'Join a voice channel first for a voice round, or use `mode:text`.');
  if (mode === 'voice' && !ctx.voice) throw new UserFacingError('voice_unavailable', 'Voice rounds are not available on this bot yet — use `mode:text`.');
  const options: StartSessionOptions = {
    platform: 'discord',
    kind: 'interview',
    workspace: workspaceIdentity(interaction.guild, interaction.user),
    host: userIdentity(interaction.user),
    location: discordChannel(channelId(interaction.channelId)),
    role,
    difficulty,
    count: interaction.options.getInteger('questions') ?? 5,
    mode,
    roundMode: interaction.options.getString('round') === 'hot-seat' ? 'hot-seat' : 'everyone',
    topics: interaction.options.getString('topics')?.split(',').map((t) => t.trim()).filter(Boolean),
    jobDescription: interaction.options.getString('job_description') ?? undefined,
    leaderboard: interaction.options.getBoolean('leaderboard') ?? false,
    followUps: interaction.options.getBoolean('follow_ups') ?? false,
    // Even without a wait, Question 1 is asked only once the thread exists.
    lobby: true,
  };
  // Refusals before the (public) deferred reply reach only the caller; question generation may then take a while.
  await ctx.services.engine.precheck(options);
  await interaction.deferReply();
  const { session } = await ctx.services.engine.start(options);
  let lobbySec = waitsInLobby(mode, requestedLobby) ? ctx.config.LOBBY_SECONDS : 0;
  const reply = await interaction.editReply(renderCard(await currentLobbyCard(ctx, session.id, { startsInSec: lobbySec, connecting: mode === 'voice', startingNow: lobbySec === 0 })));

  try {
    const date = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
    const thread = await reply.startThread({ name: `${roleLabel(role)} interview · ${interaction.user.username} · ${date}`.slice(0, 100), autoArchiveDuration: 1440 });
    await ctx.services.engine.moveTo(session.id, discordChannel(channelId(interaction.channelId), channelId(thread.id)));
    if (thread.type === ChannelType.PublicThread) await thread.members.add(interaction.user.id).catch(() => undefined);
    await thread.send(renderCard({ title: 'Welcome to the round', description: ctx.messageContent ? WELCOME_WITH_REPLIES : WELCOME_BUTTONS_ONLY, tone: 'info' }));
  } catch (error) {
    await ctx.services.engine.end(session.id, 'abandoned');
    throw error;
  }
  if (mode === 'voice' && voiceChannelId) {
    const hasVoice = await joinVoiceOrSwitchToText(ctx, session.id, interaction.guildId, voiceChannelId);
    if (!hasVoice) lobbySec = waitsInLobby('text', requestedLobby) ? ctx.config.LOBBY_SECONDS : 0;
    if ((await ctx.services.engine.get(session.id)).status !== 'lobby') return;
    // The card loses "Connecting…" (and shows the text-round note): Start now is live from here.
    await refreshLobby(ctx, session.id, reply.id, { startsInSec: lobbySec, startingNow: lobbySec === 0 });
  }
  startLobbyTimer(ctx, session.id, reply.id, lobbySec);
}
