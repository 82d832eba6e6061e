import type { ModalSubmitInteraction } from 'discord.js';
import { parseActionId } from '../../../commands/actionIds.js';
import type { BotContext } from '../BotContext.js';
import { userIdentity } from '../identity.js';
import { PrivateReplySurface } from '../PrivateReplySurface.js';
import { sessionSurface } from '../sessionSurface.js';
import { DRILL_MODAL_FIELD } from './buttons.js';

/** The "Answer in text" modal: drills answer privately; round questions answer into the thread. */
export async function handleModal(interaction: ModalSubmitInteraction, ctx: BotContext): Promise<void> {
  const parsed = parseActionId(interaction.customId);
  if (!parsed || parsed.action !== 'answer') return;
  const text = interaction.fields.getTextInputValue(DRILL_MODAL_FIELD);
  const session = await ctx.services.engine.get(parsed.sessionId);
  const caller = userIdentity(interaction.user);
  if (session.kind === 'drill') {
    await ctx.flow.submitAnswer({ sessionId: session.id, identity: caller, input: { kind: 'text', text }, surface: new PrivateReplySurface(interaction) });
    return;
  }
  await interaction.deferUpdate();
  await ctx.flow.submitAnswer({ sessionId: session.id, identity: caller, input: { kind: 'text', text }, surface: await sessionSurface(ctx, session.id) });
}
