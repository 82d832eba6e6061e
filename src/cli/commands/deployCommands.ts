import { deployCommands } from '../../bot/discord/deployCommands.js';
import type { Services } from '../../services.js';
import type { Terminal } from '../terminal.js';

export async function deployCommandsCommand(_argv: string[], services: Services, term: Terminal): Promise<number> {
  term.out(await deployCommands(services.config));
  return 0;
}
