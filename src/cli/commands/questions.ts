import { parseRole, parseDifficulty } from '../../commands/roleOption.js';
import type { CliContext } from '../cliContext.js';
import { intOption, parseCommandArgs } from '../args.js';
import type { Terminal } from '../terminal.js';

export async function questionsCommand(argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    role: { type: 'string' },
    count: { type: 'string' },
    difficulty: { type: 'string' },
    topics: { type: 'string' },
    json: { type: 'boolean' },
  });
  const role = parseRole(values.role);
  const request = {
    role,
    difficulty: values.difficulty ? parseDifficulty(values.difficulty) : undefined,
    count: intOption(values.count, 'count', 5, 1, 50),
    topics: values.topics?.split(',').map((t) => t.trim()),
    exclude: new Set<string>(),
  };
  const { questions } = await ctx.providers();
  const list = await questions.generate(request);
  if (values.json) {
    term.out(JSON.stringify(list, null, 2));
    return 0;
  }
  list.forEach((q, i) => term.out(`${String(i + 1).padStart(2)}. [${q.category} · ${q.difficulty}] ${q.text}`));
  return 0;
}
