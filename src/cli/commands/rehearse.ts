import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { feedbackCard } from '../../commands/cards/feedbackCard.js';
import { questionCard } from '../../commands/cards/questionCard.js';
import { parseDifficulty, parseRole } from '../../commands/roleOption.js';
import { isUserFacingError } from '../../errors.js';
import type { AnswerResult } from '../../session/answerTypes.js';
import type { CliContext } from '../cliContext.js';
import { intOption, parseCommandArgs } from '../args.js';
import { withSpinner } from '../spinner.js';
import { renderCardText, type Terminal } from '../terminal.js';

interface RehearsedAnswer {
  number: number;
  question: string;
  category: string;
  result: AnswerResult;
}

export async function rehearseCommand(argv: string[], ctx: CliContext, term: Terminal, input: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    role: { type: 'string' },
    count: { type: 'string' },
    difficulty: { type: 'string' },
    topics: { type: 'string' },
    user: { type: 'string' },
    json: { type: 'boolean' },
  });
  const role = parseRole(values.role);
  const username = values.user ?? os.userInfo().username;
  const services = await ctx.services();
  const { session, host } = await services.engine.start({
    platform: 'cli',
    kind: 'rehearse',
    workspace: { platform: 'cli', id: 'local', name: 'This computer' },
    host: { platform: 'cli', id: username, name: username },
    channelId: `cli:${randomUUID()}`,
    role,
    difficulty: parseDifficulty(values.difficulty),
    count: intOption(values.count, 'count', 3, 1, 10),
    topics: values.topics?.split(',').map((t) => t.trim()),
    mode: 'text',
  });
  const closingHint = nextSteps(role, username);
  // In --json mode the human conversation goes to stderr so stdout stays one JSON document.
  const say = values.json ? term.err : term.out;
  const interactive = 'isTTY' in input && Boolean(input.isTTY);
  const lines = createInterface({ input, terminal: false })[Symbol.asyncIterator]();
  const answered: RehearsedAnswer[] = [];

  for (;;) {
    const asked = services.engine.current(session.id);
    say(`\n${renderCardText({ ...questionCard(asked), buttons: [], description: `**${asked.question.text}**` }, term.color)}`);
    say(interactive ? 'Type your answer on one line (/skip to skip, /quit to stop):' : '');
    let result: AnswerResult | undefined;
    let skipped = false;
    while (!result && !skipped) {
      const next = await lines.next();
      if (next.done) {
        services.engine.end(session.id, answered.length > 0 ? 'ended' : 'abandoned');
        return finish(term, session.id, answered, Boolean(values.json), 'Input ended.', closingHint);
      }
      const line = String(next.value).trim();
      if (line === '/quit') {
        services.engine.end(session.id);
        return finish(term, session.id, answered, Boolean(values.json), 'Stopped.', closingHint);
      }
      if (line === '/skip') {
        skipped = true;
        break;
      }
      try {
        result = await withSpinner('Scoring…', services.answers.submit({ sessionId: session.id, questionId: asked.question.id, userId: host.id, input: { kind: 'text', text: line } }));
      } catch (error) {
        if (!isUserFacingError(error)) throw error;
        term.err(error.message);
      }
    }
    if (result) {
      answered.push({ number: asked.number, question: asked.question.text, category: asked.question.category, result });
      say(`\n${renderCardText(feedbackCard(result, { who: username, number: asked.number, total: asked.total, question: asked.question, spoilerIdeal: false }), term.color)}`);
    }
    const step = services.engine.advance(session.id, skipped ? 'skip' : 'next');
    if (step.kind === 'ended') return finish(term, session.id, answered, Boolean(values.json), 'Done.', closingHint);
  }
}

/** A word the shell passes through unchanged, quoted when it would not be (a --user with spaces or quotes). */
function shellWord(word: string): string {
  return /^[\w.:@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The closing line's commands, runnable as printed: rehearse stores answers under the user `cli:<name>`. */
function nextSteps(role: string, username: string): string {
  return `Keep going: interview-coach rehearse --role ${role} --user ${shellWord(username)} · See your trend: interview-coach progress --user ${shellWord(`cli:${username}`)}`;
}

function finish(term: Terminal, sessionId: string, answered: RehearsedAnswer[], json: boolean, reason: string, next: string): number {
  const scores = answered.map((a) => a.result.evaluation.score);
  const average = scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10 : null;
  if (json) {
    term.out(
      JSON.stringify({
        sessionId,
        averageScore: average,
        answers: answered.map((a) => ({
          number: a.number,
          question: a.question,
          score: a.result.evaluation.score,
          criteria: a.result.evaluation.criteria,
          fillers: a.result.analysis.fillers.total,
          hedges: a.result.analysis.hedges.total,
          keywordsCovered: a.result.evaluation.keywordsCovered,
          keywordsMissed: a.result.evaluation.keywordsMissed,
          evaluator: a.result.evaluation.evaluator,
        })),
      }),
    );
    return 0;
  }
  term.out(`\n${reason} Summary — ${answered.length} answer${answered.length === 1 ? '' : 's'}${average !== null ? `, average ${average}/10` : ''}`);
  const header = ['#', 'Score', 'Fillers', 'Hedges', 'Category'];
  const rows = answered.map((a) => [String(a.number), `${a.result.evaluation.score}/10`, String(a.result.analysis.fillers.total), String(a.result.analysis.hedges.total), a.category]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) term.out(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
  term.out(`Session ${sessionId} saved. ${next}`);
  return 0;
}
