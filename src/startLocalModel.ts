import type { Logger } from './logger.js';
import type { LocalModelProvisioner, ModelStatus } from './pipeline/transcribe/localModel/LocalModelProvisioner.js';
import { megabytes } from './pipeline/transcribe/localModel/formatModelProgress.js';

/**
 * `npm start`: fetches the local speech model in the background so the first voice answer rarely waits.
 * Progress goes to the log every 10 % (a terminal bar would garble a service log); a failure is one warning
 * and text answers keep working — the next voice answer tries again.
 */
export function startLocalModel(model: LocalModelProvisioner | null, logger: Logger): void {
  if (!model) return;
  let lastTenth = -1;
  const onStatus = (status: ModelStatus): void => {
    if (status.state !== 'downloading' || status.phase !== 'downloading' || !status.bytesTotal) return;
    const tenth = Math.floor((status.bytesDone / status.bytesTotal) * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    logger.info({ model: status.name, bytesDone: status.bytesDone, bytesTotal: status.bytesTotal }, `downloading speech model: ${megabytes(status.bytesDone)} of ${megabytes(status.bytesTotal)}`);
  };
  model.on('status', onStatus);
  model
    .isPresent()
    .then((present) => {
      if (!present) logger.info({ model: model.source.name, path: model.source.path }, 'speech model not on disk yet: downloading it in the background');
    })
    // ensure() below reports the same trouble; this line only announces a download.
    .catch(() => undefined);
  model
    .ensure()
    .then((path) => logger.info({ model: model.source.name, path }, 'speech model ready'))
    .catch((error: unknown) => logger.warn({ model: model.source.name, reason: error instanceof Error ? error.message : String(error) }, 'speech model unavailable; voice answers will retry, text answers work'))
    .finally(() => model.off('status', onStatus));
}
