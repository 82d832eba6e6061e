import { ConfigError, loadConfig } from '../config/index.js';
import { toUserError, type ErrorWording } from '../toUserError.js';
import { createCliContext, type CliContext, type ClosableCliContext } from './cliContext.js';
import { createTerminal, type Terminal } from './terminal.js';
import { redactSecrets, safeErrorText } from '../redactSecrets.js';

type Command = (argv: string[], ctx: CliContext, term: Terminal) => Promise<number>;

/** The bot's sentence promises the answer is saved and feedback follows, which a terminal command does not do. */
const CLI_WORDING: ErrorWording = {
  transcriber_failed: 'Transcription failed: the transcriber did not answer. Nothing was saved — check it with `interview-coach doctor`, then run the command again.',
};

/** Each command's module loads only when it runs: `questions` never loads the Discord or audio code. */
const COMMANDS: Record<string, { load: () => Promise<Command>; help: string }> = {
  rehearse: { load: () => import('./commands/rehearse.js').then((m) => m.rehearseCommand), help: 'rehearse --role R [--count N] [--difficulty D] [--user NAME] [--json]   a terminal interview (stored as cli:NAME, default your login)' },
  analyze: { load: () => import('./commands/analyze.js').then((m) => m.analyzeCommand), help: 'analyze (--text T | --file F | --audio F) [--duration SEC] [--json]' },
  evaluate: { load: () => import('./commands/evaluate.js').then((m) => m.evaluateCommand), help: 'evaluate --question Q --answer A [--role R] [--json]' },
  questions: { load: () => import('./commands/questions.js').then((m) => m.questionsCommand), help: 'questions --role R [--count N] [--difficulty D] [--json]' },
  transcribe: { load: () => import('./commands/transcribe.js').then((m) => m.transcribeCommand), help: 'transcribe FILE [--json]   transcript with word timestamps' },
  progress: { load: () => import('./commands/progress.js').then((m) => m.progressCommand), help: 'progress --user PLATFORM:ID [--role R] [--period DAYS] [--out chart.png] [--json]' },
  agreement: { load: () => import('./commands/agreement.js').then((m) => m.agreementCommand), help: 'agreement [--json]   how well the scorer agrees with people\'s peer ratings (Pearson, Spearman, n)' },
  doctor: { load: () => import('./commands/doctor.js').then((m) => m.doctorCommand), help: 'doctor [--json] [--no-probe]   which provider each interface uses and whether it answers' },
  migrate: { load: () => import('./commands/migrate.js').then((m) => m.migrateCommand), help: 'migrate   create or update the database' },
  'deploy-commands': { load: () => import('./commands/deployCommands.js').then((m) => m.deployCommandsCommand), help: 'deploy-commands   register the Discord slash commands' },
  models: { load: () => import('./commands/models.js').then((m) => m.modelsCommand), help: 'models list [--json] | download [NAME] | verify   local speech models (whisper.cpp)' },
  worker: { load: () => import('./commands/worker.js').then((m) => m.workerCommand), help: 'worker   transcribe and score answers from the Postgres work queue until SIGTERM (needs DATABASE_URL)' },
};

export function usage(): string {
  return ['Usage: interview-coach <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  ${c.help}`)].join('\n');
}

export async function runCli(argv: string[], rawTerm: Terminal = createTerminal()): Promise<number> {
  // Everything the CLI prints passes the secret mask: provider errors can quote keys or echoed headers.
  const term: Terminal = { color: rawTerm.color, out: (text) => rawTerm.out(redactSecrets(text)), err: (text) => rawTerm.err(redactSecrets(text)) };
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    term.out(usage());
    return name ? 0 : 2;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    term.err(`Unknown command "${name}". Run \`interview-coach help\` for the list.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    term.out(`Usage: interview-coach ${command.help}`);
    return 0;
  }
  let ctx: ClosableCliContext | undefined;
  try {
    ctx = createCliContext(loadConfig());
    const run = await command.load();
    return await run(rest, ctx, term);
  } catch (error) {
    if (error instanceof ConfigError) {
      term.err(error.message);
      return 2;
    }
    // The one mapping decides what an error means; the terminal only words what a chat message would promise wrongly.
    const shown = toUserError(error, { wording: CLI_WORDING });
    if (shown.code !== 'internal') {
      term.err(shown.message);
      return 2;
    }
    // Whoever runs the CLI operates it: an unexpected error is shown (masked), not apologised for.
    term.err(`Unexpected error: ${safeErrorText(error)}`);
    if (process.env.DEBUG) term.err(safeErrorText(error, true));
    return 1;
  } finally {
    await ctx?.close();
  }
}
