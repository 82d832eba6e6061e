import { writeFile } from 'node:fs/promises';
import { UserFacingError } from '../../errors.js';
import { buildProgressReport, renderProgressPng } from '../../commands/progress/index.js';
import { parseRole } from '../../commands/roleOption.js';
import type { CliContext } from '../cliContext.js';
import { parseCommandArgs, intOption } from '../args.js';
import { shownInput } from '../shownInput.js';
import { renderCardText, type Terminal } from '../terminal.js';
import { progressCard } from '../../commands/progress/index.js';

export async function progressCommand(argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    user: { type: 'string' },
    role: { type: 'string' },
    period: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [platform, ...idParts] = (values.user ?? '').split(':');
  const id = idParts.join(':');
  if (!platform || !id) throw new UserFacingError('bad_usage', '--user must look like PLATFORM:ID, e.g. discord:123456789 or cli:ana.');
  const services = await ctx.services();
  const user = await services.repos.identity.findUser(platform, id);
  if (!user) throw new UserFacingError('no_practice', `No practice stored for ${shownInput(`${platform}:${id}`)} yet.`);
  const report = await buildProgressReport(services.repos, {
    userId: user.id,
    role: values.role ? parseRole(values.role) : null,
    periodDays: values.period ? intOption(values.period, 'period', 30, 1, 3650) : null,
  });
  if (values.out) {
    const png = await renderProgressPng(report, { renderer: services.config.CHART_RENDERER, quickchartUrl: services.config.QUICKCHART_URL, who: user.displayName || id });
    if (!png) throw new UserFacingError('no_practice', 'No practice yet — nothing to chart.');
    await writeFile(values.out, png);
  }
  if (values.json) term.out(JSON.stringify(report));
  else term.out(renderCardText(progressCard(report, { displayName: user.displayName }), term.color));
  if (values.out && !values.json) term.out(`Chart written to ${values.out}`);
  return 0;
}
