// storage: SQLite and PostgreSQL
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProgressReport } from '../../src/commands/progress/buildProgressReport.js';
import { progressCard } from '../../src/commands/progress/progressCard.js';
import { renderCardText } from '../../src/cli/terminal.js';
import { RubricEvaluator } from '../../src/pipeline/evaluate/rubricEvaluator.js';
import { BankQuestionSource } from '../../src/pipeline/questions/bankQuestionSource.js';
import { AnswerProcessor } from '../../src/session/AnswerProcessor.js';
import { SessionEngine } from '../../src/session/SessionEngine.js';
import type { ProgressReport } from '../../src/commands/progress/types.js';
import { person } from '../helpers/ids.js';
import { prng } from '../helpers/prng.js';
import { cliSessionOptions } from '../helpers/sessionOptions.js';
import { CONFLICT_STORY, FAILURE_STORY } from '../helpers/stories.js';
import { createTempDatabase, type TempDatabase } from '../helpers/tempDb.js';

let db: TempDatabase;
beforeEach(async () => {
  db = await createTempDatabase();
});
afterEach(async () => {
  await db.cleanup();
});

/** One behavioural drill for `ana` on the CLI, answered with `text` and scored by the rubric. */
async function tellStory(text: string, role: 'behavioral' | 'backend' = 'behavioral') {
  const { repos } = db;
  const bank = new BankQuestionSource({ random: prng(3) });
  const engine = new SessionEngine({ repos, questions: bank, fallbackQuestions: bank });
  const { session, host } = await engine.start(cliSessionOptions('ana', { role, count: 1, mode: 'text' }));
  const asked = await engine.current(session.id);
  const answers = new AnswerProcessor({ repos, evaluator: new RubricEvaluator(), transcriber: null, maxAnswerChars: 10_000 });
  const result = await answers.submit({ sessionId: session.id, questionId: asked.question.id, userId: host.id, input: { kind: 'text', text } });
  return { host, answerId: result.answer.id, answers };
}

const coverageOf = (report: ProgressReport, competency: string) => report.stories?.competencies.find((c) => c.competency === competency);

describe('story coverage in /progress', () => {
  it('a scored behavioural answer is stored with its competencies and STAR parts, with a progress version bump', async () => {
    const before = 0;
    const { host } = await tellStory(CONFLICT_STORY);
    expect(await db.repos.progressVersions.current(host.id)).toBeGreaterThan(before);
    const report = await buildProgressReport(db.repos, { userId: host.id });
    const conflict = coverageOf(report, 'conflict');
    expect(conflict).toMatchObject({ status: 'covered', stories: 1, complete: 1 });
    expect(conflict?.avgStrength).toBeGreaterThanOrEqual(6);
    expect(coverageOf(report, 'leadership')).toMatchObject({ status: 'uncovered', stories: 0, avgStrength: null });
    expect(report.stories?.competencies).toHaveLength(8);
    // The CLI's --json is the report as JSON; its text is the card.
    expect(JSON.parse(JSON.stringify(report)).stories.competencies[1]).toMatchObject({ competency: 'conflict', status: 'covered' });
    const text = renderCardText(progressCard(report), false);
    expect(text).toContain('Story coverage (behavioural)');
    expect(text).toMatch(/✅ Conflict \d\.\d \(1\)/);
    expect(text).toMatch(/No story yet: Leadership, .*Influence/);
  });

  it('a thin story counts as weak; stories add up per competency; re-scoring does not count twice', async () => {
    const { host } = await tellStory('We had a disagreement with a difficult colleague. It was fine.');
    let report = await buildProgressReport(db.repos, { userId: host.id });
    expect(coverageOf(report, 'conflict')?.status).toBe('weak');
    const { answerId } = await tellStory(FAILURE_STORY);
    report = await buildProgressReport(db.repos, { userId: host.id });
    expect(coverageOf(report, 'failure')).toMatchObject({ stories: 1 });
    // The same evaluation written again (a resumed answer) replaces the story, never adds one.
    const record = await db.repos.answers.record(answerId);
    const e = record?.evaluation;
    if (!e) throw new Error('not scored');
    await db.repos.answers.saveEvaluation({ ...e, answerId }, { competencies: ['failure'], strength: 7, starParts: 15 });
    report = await buildProgressReport(db.repos, { userId: host.id });
    expect(coverageOf(report, 'failure')).toMatchObject({ stories: 1, avgStrength: 7, bestStrength: 7, complete: 1 });
  });

  it('a technical answer tells no story; forget-me removes the stories', async () => {
    const { host } = await tellStory('I would add an index and cache hot rows because it avoids repeated reads.', 'backend');
    expect(await db.repos.stories.totals(host.id)).toEqual([]);
    const report = await buildProgressReport(db.repos, { userId: host.id });
    expect(renderCardText(progressCard(report), false)).not.toContain('Story coverage');
    await tellStory(CONFLICT_STORY);
    expect((await db.repos.stories.totals(host.id)).length).toBeGreaterThan(0);
    await db.repos.privacy.forget(person('cli', 'ana', 'ana'));
    expect(await db.repos.stories.totals(host.id)).toEqual([]);
  });
});
