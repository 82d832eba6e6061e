import type { PlatformIdentity } from '../db/repositories/identityRepository.js';
import { UserFacingError } from '../errors.js';
import type { Services } from '../services.js';
import type { Card } from './card.js';
import { cachedProgressReport, progressCard, renderProgressPng } from './progress/index.js';

export interface ShowProgressOptions {
  caller: PlatformIdentity;
  workspace: PlatformIdentity;
  /** Someone else's progress: only inside the same workspace, and only if they allowed sharing. */
  target?: PlatformIdentity;
  role?: string;
  periodDays?: number;
  public?: boolean;
}

/** `/progress`: the report and its chart, scoped to this workspace. */
export async function showProgress(services: Pick<Services, 'repos' | 'config'>, options: ShowProgressOptions): Promise<Card> {
  const { repos } = services;
  const workspace = await repos.identity.upsertWorkspace(options.workspace);
  const caller = await repos.identity.upsertUser(options.caller);
  const targetIdentity = options.target && options.target.id !== options.caller.id ? options.target : undefined;
  const user = targetIdentity ? await repos.identity.findUser(targetIdentity.platform, targetIdentity.id) : caller;
  if (targetIdentity && (!user || !user.shareProgress)) {
    throw new UserFacingError('forbidden', `${targetIdentity.name ?? 'That person'} hasn't chosen to share their progress. They can turn it on with \`/share-progress allow:true\`.`);
  }
  if (!user) throw new UserFacingError('forbidden', 'No progress to show.');
  // Built once per state of their data and scope; a repeat with nothing new reads one row (progressReportCache.ts).
  const report = await cachedProgressReport(services.repos, {
    userId: user.id,
    workspaceId: workspace.id,
    role: options.role ?? null,
    periodDays: options.periodDays ?? null,
  });
  const png = report.totals.answers > 0
    ? await renderProgressPng(report, { renderer: services.config.CHART_RENDERER, quickchartUrl: services.config.QUICKCHART_URL, who: user.displayName || targetIdentity?.name || options.caller.name }).catch(() => null)
    : null;
  return progressCard(report, { png, displayName: targetIdentity ? (user.displayName || targetIdentity.name) : undefined, ephemeral: !options.public });
}
