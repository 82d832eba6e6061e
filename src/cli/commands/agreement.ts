import { agreementText, scorerAgreement } from '../../commands/scorerAgreement.js';
import type { CliContext } from '../cliContext.js';
import { parseCommandArgs } from '../args.js';
import type { Terminal } from '../terminal.js';

/** `interview-coach agreement [--json]`: how well the scorer agrees with people's ratings, over every stored rating. */
export async function agreementCommand(argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
  const services = await ctx.services();
  const report = scorerAgreement(await services.repos.peerRatings.scoredPairs());
  term.out(values.json ? JSON.stringify(report) : agreementText(report));
  return 0;
}
