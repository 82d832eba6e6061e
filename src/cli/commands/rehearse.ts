import { channelId } from '../../location.js';
import { CLI_WORKSPACE, cliUser } from '../cliIdentity.js';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { InterviewFlow } from '../../commands/interview/InterviewFlow.js';
import { parseDifficulty, parseRole } from '../../commands/roleOption.js';
import type { AnswerResult } from '../../session/answerTypes.js';
import type { AskedQuestion } from '../../session/types.js';
import type { CliContext } from '../cliContext.js';
import { intOption, parseCommandArgs } from '../args.js';
import { withSpinner } from '../spinner.js';
import type { Terminal } from '../terminal.js';
import { TerminalSurface } from '../TerminalSurface.js';
import type { SessionId } from '../../ids.js';

interface RehearsedAnswer {
  number: number;
  question: string;
  category: string;
  result: AnswerResult;
}

/** A terminal round: the interview flow every platform uses, with the terminal as its surface and stdin as the person. */
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
  const identity = cliUser(username);
  const services = await ctx.services();
  const { session } = await services.engine.start({
    platform: 'cli',
    kind: 'rehearse',
    workspace: CLI_WORKSPACE,
    host: identity,
    location: { surface: 'cli', run: channelId(randomUUID()) },
    role,
    difficulty: parseDifficulty(values.difficulty),
    count: intOption(values.count, 'count', 3, 1, 10),
    topics: values.topics?.split(',').map((t) => t.trim()),
    mode: 'text',
  });
  const closingHint = nextSteps(role, username);
  const json = Boolean(values.json);
  // In --json mode the human conversation goes to stderr so stdout stays one JSON document.
  const say = values.json ? term.err : term.out;
  const interactive = 'isTTY' in input && Boolean(input.isTTY);
  const lines = createInterface({ input, terminal: false })[Symbol.asyncIterator]();
  const surface = new TerminalSurface(term, say, username);
  // The terminal prompts by itself, so question cards carry no how-to line; the summary is the table below.
  const flow = new InterviewFlow(services, { howToAnswer: false });
  const answered: RehearsedAnswer[] = [];
  let asked: AskedQuestion | undefined;
  let over = false;
  flow.events.on('questionAsked', (event) => {
    asked = event.asked;
    say(interactive ? 'Type your answer on one line (/skip to skip, /quit to stop):' : '');
  });
  flow.events.on('answerRecorded', ({ result }) => {
    if (asked) answered.push({ number: asked.number, question: asked.question.text, category: asked.question.category, result });
  });
  flow.events.on('roundEnded', () => {
    over = true;
  });

  await flow.askCurrent(session.id, surface);
  for (;;) {
    const next = await lines.next();
    if (next.done) {
      await flow.end(session.id, surface, answered.length > 0 ? 'ended' : 'abandoned');
      return finish(term, session.id, answered, json, 'Input ended.', closingHint);
    }
    const line = String(next.value).trim();
    if (line === '/quit') {
      await flow.end(session.id, surface);
      return finish(term, session.id, answered, json, 'Stopped.', closingHint);
    }
    if (line === '/skip') await flow.control(session.id, 'skip', surface);
    else await withSpinner('Scoring…', flow.submitAnswer({ sessionId: session.id, identity, input: { kind: 'text', text: line }, surface }));
    if (over) return finish(term, session.id, answered, json, 'Done.', closingHint);
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

function finish(term: Terminal, sessionId: SessionId, answered: RehearsedAnswer[], json: boolean, reason: string, next: string): number {
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
