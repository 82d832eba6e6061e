import type { Services } from '../../services.js';
import type { Terminal } from '../terminal.js';
import { parseCommandArgs } from '../args.js';
import type { Question } from '../../pipeline/questions/types.js';
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
export async function doctorCommand(argv: string[], services: Services, term: Terminal): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' }, 'no-probe': { type: 'boolean' } });
  const rows = services.describeProviders();
  const checks: Record<string, string> = {};
  if (!values['no-probe']) {
    checks.questions = await probe(async () => `${(await services.questions.generate({ role: 'backend', count: 1, exclude: new Set() })).length} question`);
    checks.evaluator = await probe(async () => {
      const e = await services.evaluator.evaluate({ question: PROBE_QUESTION, answer: 'An index is a data structure that makes lookups faster.' });
      return `answered by ${e.evaluator}`;
    });
    checks.speaker = await probe(async () => {
      const audio = await services.speaker.speak('Hello.');
      return `${(audio.pcm.length / audio.sampleRate).toFixed(1)} s of speech from ${audio.speaker}`;
    });
    checks.transcriber = services.transcriber ? 'configured (not probed: it needs real speech)' : 'none — voice answers are disabled; text answers work';
  }
  const localModel = describeLocalModel(services, rows);
  if (localModel && !values['no-probe']) checks.transcriber = localModel.summary;
  if (values.json) {
    term.out(JSON.stringify({ providers: rows, checks, database: services.config.DATABASE_PATH, localModel: localModel?.json ?? null }));
    return 0;
  }
  term.out(`Database: ${services.config.DATABASE_PATH}`);
  if (localModel) term.out(`Local model: ${localModel.json.name} — ${localModel.json.path} — ${localModel.summary}`);
  for (const row of rows) {
    const check = checks[row.role];
    term.out(`${row.role.padEnd(12)} ${row.provider}${row.model ? ` (${row.model})` : ''}${row.offline ? ' · offline' : ''} — ${row.reason}${check ? `\n${' '.repeat(13)}${check}` : ''}`);
  }
  return 0;
}
