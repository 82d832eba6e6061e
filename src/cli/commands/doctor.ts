import type { CliContext } from '../cliContext.js';
import { databaseLabel } from '../../db/openDatabaseFromConfig.js';
import type { Terminal } from '../terminal.js';
import { parseCommandArgs } from '../args.js';
import type { Question } from '../../pipeline/questions/types.js';
import { checkProviders, type ProviderCheck } from '../../pipeline/providers/checkProviders.js';
import { describeLocalModel } from './doctorLocalModel.js';

const PROBE_QUESTION: Question = {
  id: 'doctor:probe',
  role: 'backend',
  category: 'Probe',
  difficulty: 'junior',
  text: 'What is an index in a database?',
  keywords: [{ term: 'index', synonyms: [] }],
  idealAnswer: 'A data structure that speeds up lookups.',
  star: false,
  origin: 'bank',
};

async function probe(work: () => Promise<string>): Promise<string> {
  const started = Date.now();
  try {
    const detail = await work();
    return `ok (${Date.now() - started} ms${detail ? `, ${detail}` : ''})`;
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

/** Which provider each interface uses, and (unless --offline) whether it answers right now. */
export async function doctorCommand(argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' }, 'no-probe': { type: 'boolean' } });
  const services = await ctx.services();
  const rows = services.describeProviders();
  const checks: Record<string, string> = {};
  if (!values['no-probe']) {
    checks.questions = await probe(async () => {
      const questions = await services.questions.generate({ role: 'backend', count: 1, exclude: new Set() });
      // The origin shows whether the configured provider answered or the bank stood in.
      return `${questions.length} question from ${questions[0]?.origin ?? 'nowhere'}`;
    });
    checks.evaluator = await probe(async () => {
      const e = await services.evaluator.evaluate({ question: PROBE_QUESTION, answer: 'An index is a data structure that makes lookups faster.' });
      return `answered by ${e.evaluator}${e.fallbackFrom ? ` — ${e.fallbackFrom} failed and the offline ${e.evaluator} stood in` : ''}`;
    });
    checks.speaker = await probe(async () => {
      const audio = await services.speaker.speak('Hello.');
      return `${(audio.pcm.length / audio.sampleRate).toFixed(1)} s of speech from ${audio.speaker}`;
    });
    checks.transcriber = services.transcriber ? 'configured (not probed: it needs real speech)' : 'none — voice answers are disabled; text answers work';
  }
  const localModel = describeLocalModel(services, rows);
  if (localModel && !values['no-probe']) checks.transcriber = localModel.summary;
  // The same check the bot runs at start: a refused key or unknown model is a failure, named by variable.
  const selfCheck: ProviderCheck[] = values['no-probe'] ? [] : await checkProviders(services.config);
  const failing = selfCheck.filter((c) => c.status === 'failed' || c.status === 'unreachable');
  const code = failing.length > 0 ? 1 : 0;
  if (values.json) {
    term.out(JSON.stringify({ providers: rows, checks, selfCheck, database: databaseLabel(services.config), localModel: localModel?.json ?? null }));
    if (code !== 0) term.err(failing.map((c) => `FAILED ${c.message}`).join('\n'));
    return code;
  }
  term.out(`Database: ${databaseLabel(services.config)}`);
  if (localModel) term.out(`Local model: ${localModel.json.name} — ${localModel.json.path} — ${localModel.summary}`);
  for (const row of rows) {
    const check = checks[row.role];
    term.out(`${row.role.padEnd(12)} ${row.provider}${row.model ? ` (${row.model})` : ''}${row.offline ? ' · offline' : ''} — ${row.reason}${check ? `\n${' '.repeat(13)}${check}` : ''}`);
  }
  for (const c of selfCheck) {
    term.out(`${c.status === 'failed' || c.status === 'unreachable' ? 'FAILED' : c.status === 'ok' ? 'ok' : 'note'}  ${c.message}`);
    if (c.detail) term.out(`        the server said: ${c.detail}`);
  }
  if (code !== 0) term.err(`${failing.length} configured provider check${failing.length === 1 ? '' : 's'} failed: ${failing.map((c) => c.variable ?? c.provider).join(', ')}`);
  return code;
}
