// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformUserId, type SessionId } from '../../src/ids.js';
import type { FakeUser, InteractionResponseRecord } from '../fakes/discord/index.js';
import { chatReply, errorReply, FakeOpenAI, type RecordedRequest, type ScriptedReply } from '../fakes/openai/FakeOpenAI.js';
import { startDiscordHarness, type DiscordHarness } from '../helpers/discordBotHarness.js';
import { drillFor } from '../helpers/locations.js';
import { prng } from '../helpers/prng.js';

/*
 * The bot scoring with an OpenAI-compatible LLM (the local fake): it names a behavioural story's competencies, and it
 * writes the follow-up; when it cannot write one (a 500), the offline follow-up is asked instead.
 */
let h: DiscordHarness;
let openai: FakeOpenAI;
let followUps: 'write' | 'fail' = 'write';

const WRITTEN = 'You said you set up a meeting — what changed for the release because of it, and how did you measure that?';

function schemaName(request: RecordedRequest): string {
  const body = request.json as { response_format?: { json_schema?: { name?: string } } } | undefined;
  return body?.response_format?.json_schema?.name ?? '';
}

function reply(request: RecordedRequest): ScriptedReply {
  if (schemaName(request) === 'follow_up') {
    return followUps === 'write' ? chatReply(JSON.stringify({ weakestPoint: 'no result', question: WRITTEN })) : errorReply(500);
  }
  return chatReply(
    JSON.stringify({
      score: 5,
      criteria: { relevance: 6, depth: 4, structure: 4, clarity: 6 },
      feedback: 'A clear situation; say what changed.',
      keywordsCovered: [],
      competencies: ['influence', 'not-a-competency'],
    }),
  );
}

beforeAll(async () => {
  openai = await FakeOpenAI.start();
  openai.requiredKey = undefined;
  openai.setDefault('chat', reply);
  h = await startDiscordHarness(
    { OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: 'sk-test', QUESTION_PROVIDER: 'bank', SPEAKER_PROVIDER: 'espeak', PROVIDER_MAX_RETRIES: '0' },
    {},
    {},
    { questionRandom: prng(5) },
  );
});
afterAll(async () => {
  await h?.stop();
  await openai?.close();
});

const THIN = 'At my last job our team disagreed about the release date. I needed to get us to agree, so I set up a meeting and wrote down both options.';

async function drillWithFollowUp(user: FakeUser): Promise<{ followUpCard: InteractionResponseRecord; sessionId: SessionId }> {
  const command = h.fake.sendSlashCommand({ name: 'drill', options: { role: 'behavioral', follow_ups: true }, user, channelId: h.fake.guild.textChannel.id });
  const card = await command.waitForResponse((r) => r.kind === 'editOriginal');
  const session = await h.services.engine.findOpen(drillFor('discord', user.id));
  if (!session || !card.messageId) throw new Error('no drill');
  const click = h.fake.clickButton({ customId: `ic:answer:${session.id}`, messageId: card.messageId, user });
  await click.waitForResponse((r) => r.callbackType === 9);
  const submit = h.fake.submitModal({ customId: `ic:answer:${session.id}`, fields: { answer: THIN }, user });
  const followUpCard = await submit.waitForResponse((r) => JSON.stringify(r.data).includes('Follow-up to'));
  return { followUpCard, sessionId: session.id };
}

describe('LLM-written follow-ups and competencies on Discord', () => {
  it('the LLM writes the follow-up, with the answer quoted as data, and names the story’s competencies', async () => {
    followUps = 'write';
    const jade = h.fake.createUser('jade', { guildIds: [h.fake.guild.id] });
    const { followUpCard, sessionId } = await drillWithFollowUp(jade);
    expect(JSON.stringify(followUpCard.data)).toContain('what changed for the release because of it');
    const request = openai.callsTo('chat').find((r) => schemaName(r) === 'follow_up');
    const user = (request?.json as { messages: { content: string }[] }).messages[1]?.content ?? '';
    expect(user).toContain(`<answer>\n${THIN}\n</answer>`);
    // Only the listed competency the LLM named is stored.
    const stored = await h.services.repos.identity.findUser('discord', platformUserId(jade.id));
    if (!stored) throw new Error('jade is not stored');
    expect((await h.services.repos.stories.totals(stored.id)).map((t) => t.competency)).toEqual(['influence']);
    await h.services.engine.end(sessionId);
  });

  it('a 500 from the LLM gets the offline follow-up', async () => {
    followUps = 'fail';
    const kit = h.fake.createUser('kit', { guildIds: [h.fake.guild.id] });
    const { followUpCard, sessionId } = await drillWithFollowUp(kit);
    expect(JSON.stringify(followUpCard.data)).toContain('What was the result?');
    await h.services.engine.end(sessionId);
  });
});
