// Scorer vs people on SEEDED data: how `interview-coach agreement` reads stored peer ratings. The answers are real
// bank questions answered at three authored quality levels (the full ideal answer, its first sentence, a vague
// non-answer) and scored by the offline rubric; the "people" are simulated raters whose stars follow the authored
// level plus seeded noise. So the figure says how well the rubric ranks the authored levels the simulated raters
// follow — a check of the report's machinery, not a measurement against real people.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/client.js';
import { createRepositories } from '../src/db/index.js';
import { scorerAgreement } from '../src/commands/scorerAgreement.js';
import { RubricEvaluator } from '../src/pipeline/evaluate/rubricEvaluator.js';
import { bankQuestions } from '../src/pipeline/questions/questionBank.js';
import { ROLES } from '../src/pipeline/questions/types.js';
import { platformUserId, platformWorkspaceId, sessionId } from '../src/ids.js';
import { channelId, discordChannel } from '../src/location.js';
import { prng } from '../test/helpers/prng.js';

const SEED = 20261203;
const RATERS = 3;
const VAGUE = 'I think it depends on the situation, and I would do what is best for the team and the users.';
/** The stars a simulated rater leans to at each authored level (1 vague, 2 first sentence, 3 full ideal answer). */
const LEVEL_STARS: Record<1 | 2 | 3, number> = { 1: 1.7, 2: 3.0, 3: 4.3 };

export async function run(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-peer-bench-'));
  const database = openDatabase(path.join(dir, 'bench.db'));
  try {
    const repos = createRepositories(database);
    const random = prng(SEED);
    const rubric = new RubricEvaluator();
    const ws = await repos.identity.upsertWorkspace({ platform: 'discord', id: platformWorkspaceId('bench-guild'), name: 'bench' });
    const answerer = await repos.identity.upsertUser({ platform: 'discord', id: platformUserId('answerer'), name: 'answerer' });
    const raters = [];
    for (let i = 0; i < RATERS; i++) raters.push(await repos.identity.upsertUser({ platform: 'discord', id: platformUserId(`rater-${i}`), name: `rater ${i}` }));
    let round = 0;
    for (const role of ROLES) {
      for (const question of bankQuestions(role)) {
        const firstSentence = question.idealAnswer.split(/(?<=[.!?])\s+/)[0] ?? question.idealAnswer;
        for (const [level, text] of [[1, VAGUE], [2, firstSentence], [3, question.idealAnswer]] as const) {
          const session = await repos.sessions.create(
            { id: sessionId(`bench-${++round}`), kind: 'interview', workspaceId: ws.id, hostUserId: answerer.id, location: discordChannel(channelId(`bench-${round}`)), role, difficulty: question.difficulty, questionCount: 1, mode: 'text', status: 'ended' },
            [question],
          );
          const [stored] = await repos.sessions.questions(session.id);
          if (!stored) throw new Error('no question');
          const answer = await repos.answers.create({ sessionId: session.id, questionId: stored.id, userId: answerer.id, workspaceId: ws.id, role, category: question.category, inputKind: 'text', transcript: text, status: 'transcribed' });
          const e = rubric.evaluateSync({ question, answer: text });
          await repos.answers.saveEvaluation({ answerId: answer.id, score: e.score, ...e.criteria, feedback: e.feedback, idealAnswer: e.idealAnswer, keywordsCovered: e.keywordsCovered, keywordsMissed: e.keywordsMissed, evaluator: 'rubric', model: null });
          for (const rater of raters) {
            // Each rater: the level's lean, ± up to 1.5 stars of noise, rounded and kept in 1–5.
            const stars = Math.min(5, Math.max(1, Math.round(LEVEL_STARS[level] + (random() - 0.5) * 3)));
            await repos.peerRatings.rate(answer.id, rater.id, { stars });
          }
        }
      }
    }
    const report = scorerAgreement(await repos.peerRatings.scoredPairs());
    return [
      '## Scorer vs people (seeded peer ratings)',
      '',
      `Seeded data (PRNG seed ${SEED}): every bank question answered three ways (vague / first sentence of the ideal answer /`,
      `the whole ideal answer), scored by the offline rubric; ${RATERS} simulated raters per answer whose stars follow the authored`,
      'level (leans 1.7 / 3.0 / 4.3 stars) ± 1.5 stars of uniform noise. Not real people: the figure checks the report, and how',
      'well the rubric ranks the authored levels.',
      '',
      '| answers | star ratings | Pearson r | Spearman rho |',
      '|---:|---:|---:|---:|',
      `| ${report.answers} | ${report.ratings} | ${report.pearson ?? 'n/a'} | ${report.spearman ?? 'n/a'} |`,
    ].join('\n');
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
