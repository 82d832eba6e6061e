import type { Logger } from '../logger.js';
import type { RunningApp } from '../app.js';

/**
 * SIGTERM: stop looking ready (so no new traffic is routed here), let the answers being worked on finish for up to
 * `graceMs` — their rows are written before scoring, so anything cut off is finished by the restart path — then
 * disconnect the platforms and close the database. Resolves with the exit code: 0 either way, since nothing is lost.
 */
export async function gracefulShutdown(app: RunningApp, graceMs: number, logger: Logger): Promise<number> {
  app.readiness.startDraining();
  const working = app.services.inFlight.size;
  if (working > 0) logger.info({ answers: working, graceMs }, 'draining: waiting for answers being processed');
  const drained = await app.services.inFlight.idle(graceMs);
  if (!drained) logger.warn({ answers: app.services.inFlight.size }, 'grace period over; unfinished answers resume after the restart');
  await app.stop();
  return 0;
}
