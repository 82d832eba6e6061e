import { ConfigError, loadConfig } from '../config/index.js';
import { isUserFacingError } from '../errors.js';
import { createServices, type Services } from '../services.js';
import { analyzeCommand } from './commands/analyze.js';
import { evaluateCommand } from './commands/evaluate.js';
import { migrateCommand } from './commands/migrate.js';
import { questionsCommand } from './commands/questions.js';
import { rehearseCommand } from './commands/rehearse.js';
import { doctorCommand } from './commands/doctor.js';
import { transcribeCommand } from './commands/transcribe.js';
import { progressCommand } from './commands/progress.js';
import { deployCommandsCommand } from './commands/deployCommands.js';
import { modelsCommand } from './commands/models.js';
import { createTerminal, type Terminal } from './terminal.js';
import { redactSecrets, safeErrorText } from '../redactSecrets.js';

type Command = (argv: string[], services: Services, term: Terminal) => Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  rehearse: { run: rehearseCommand, help: 'rehearse --role R [--count N] [--difficulty D] [--user NAME] [--json]   a terminal interview (stored as cli:NAME, default your login)' },
  analyze: { run: analyzeCommand, help: 'analyze (--text T | --file F | --audio F) [--duration SEC] [--json]' },
  evaluate: { run: evaluateCommand, help: 'evaluate --question Q --answer A [--role R] [--json]' },
  questions: { run: questionsCommand, help: 'questions --role R [--count N] [--difficulty D] [--json]' },
  transcribe: { run: transcribeCommand, help: 'transcribe FILE [--json]   transcript with word timestamps' },
  progress: { run: progressCommand, help: 'progress --user PLATFORM:ID [--role R] [--period DAYS] [--out chart.png] [--json]' },
  doctor: { run: doctorCommand, help: 'doctor [--json] [--no-probe]   which provider each interface uses and whether it answers' },
  migrate: { run: migrateCommand, help: 'migrate   create or update the database' },
  'deploy-commands': { run: deployCommandsCommand, help: 'deploy-commands   register the Discord slash commands' },
  models: { run: modelsCommand, help: 'models list [--json] | download [NAME] | verify   local speech models (whisper.cpp)' },
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
  const command = COMMANDS[name];
  if (!command) {
    term.err(`Unknown command "${name}". Run \`interview-coach help\` for the list.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    term.out(`Usage: interview-coach ${command.help}`);
    return 0;
  }
  let services: Services | undefined;
  try {
    services = createServices(loadConfig());
    return await command.run(rest, services, term);
  } catch (error) {
    if (isUserFacingError(error) || error instanceof ConfigError) {
      term.err(error.message);
      return 2;
    }
    term.err(`Unexpected error: ${safeErrorText(error)}`);
    if (process.env.DEBUG) term.err(safeErrorText(error, true));
    return 1;
  } finally {
    await services?.close();
  }
}
