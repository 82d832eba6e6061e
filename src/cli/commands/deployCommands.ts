import { deployCommands } from '../../bot/discord/deployCommands.js';
import type { CliContext } from '../cliContext.js';
import type { Terminal } from '../terminal.js';

export async function deployCommandsCommand(_argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  term.out(await deployCommands(ctx.config));
  return 0;
}
