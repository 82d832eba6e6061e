// storage: SQLite and PostgreSQL
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformUserId } from '../../src/ids.js';
import { competencyOfCategory } from '../../src/pipeline/evaluate/storyCoverage.js';
import { competencyCoverage } from '../../src/session/competencyCoverage.js';
import { threadReply, type StoredMessage } from '../fakes/slack/index.js';
import { drillFor } from '../helpers/locations.js';
import { prng } from '../helpers/prng.js';
import { CONFLICT_STORY } from '../helpers/stories.js';
import { headerOf, messageText, newestRoot, startHarness, type SlackHarness } from './slackHarness.js';

describe('story coverage on Slack', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    // A seeded question picker: the same questions every run.
    h = await startHarness({ DRILL_COOLDOWN_SECONDS: '0' }, undefined, { questionRandom: prng(20) });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const USER = 'U0IRIS';
  const isQuestion = (m: StoredMessage) => /^Question \d+\/\d+ · /.test(headerOf(m) ?? '');

  /** `/drill behavioral` in a fresh channel: the drill's thread root and its session. */
  async function drill(channel: string) {
    h.fake.addChannel({ id: channel, name: channel.toLowerCase() });
    await h.fake.sendSlashCommand({ command: '/drill', text: 'behavioral', user_id: USER, user_name: 'iris', channel_id: channel });
    const root = await h.fake.waitUntil(() => {
      const candidate = newestRoot(h.fake, channel);
      return candidate && h.fake.threadMessages(channel, candidate.ts).some(isQuestion) ? candidate : undefined;
    }, 5000);
    const session = await h.services.engine.findOpen(drillFor('slack', USER));
    if (!session) throw new Error('no open drill');
    return { root, session };
  }

  it('a behavioural drill answer shows up in /progress, and the next drill asks an uncovered competency', async () => {
    h.fake.addUser({ id: USER, name: 'iris' });
    const channel = 'C0STORY1';
    const first = await drill(channel);
    expect(competencyOfCategory((await h.services.engine.current(first.session.id)).question.category)).not.toBeNull();
    await h.fake.sendEvent(threadReply({ user: USER, channel, thread_ts: first.root.ts, text: CONFLICT_STORY }));
    await h.fake.waitUntil(() => h.fake.threadMessages(channel, first.root.ts).some((m) => headerOf(m) === '🎯 Drill done'), 5000);

    const user = await h.services.repos.identity.findUser('slack', platformUserId(USER));
    if (!user) throw new Error('iris is not stored');
    const totals = await h.services.repos.stories.totals(user.id);
    const covered = totals.map((t) => t.competency);
    expect(covered).toContain('conflict');

    await h.fake.sendSlashCommand({ command: '/progress', text: '', user_id: USER, channel_id: channel });
    const card = await h.fake.waitUntil(() => h.fake.uploads().find((u) => u.filename === 'progress.png' && u.completed && u.channel_id?.startsWith('D')), 5000);
    const dm = h.fake.channelMessages(card.channel_id ?? '');
    const text = dm.map(messageText).join('\n');
    expect(text).toContain('Story coverage (behavioural)');
    expect(text).toMatch(/✅ Conflict \d+\.\d \(1\)/);

    const second = await drill('C0STORY2');
    const nextCompetency = competencyOfCategory((await h.services.engine.current(second.session.id)).question.category);
    expect(nextCompetency).not.toBeNull();
    expect(covered).not.toContain(nextCompetency);
    expect(competencyCoverage(totals).find((c) => c.competency === nextCompetency)?.status).toBe('uncovered');
    await h.services.engine.end(second.session.id);
  });
});
