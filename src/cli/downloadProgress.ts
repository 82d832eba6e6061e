import type { LocalModelProvisioner, ModelStatus } from '../pipeline/transcribe/localModel/LocalModelProvisioner.js';
import { megabytes } from '../pipeline/transcribe/localModel/formatModelProgress.js';

export interface DownloadProgressView {
  update(status: ModelStatus): void;
  /** Clears the bar (if any) so the next line starts clean. */
  finish(): void;
}

/**
 * A bar redrawn in place on a terminal's stderr; otherwise (a pipe, a log, CI) a line through `out` at each
 * quarter, so a captured log shows movement without a line per chunk. `models download` passes stdout (stderr
 * keeps only the error line); `transcribe` passes stderr (stdout may carry --json).
 */
export function downloadProgress(out: (line: string) => void, stream: NodeJS.WriteStream = process.stderr): DownloadProgressView {
  const tty = Boolean(stream.isTTY);
  let lastQuarter = -1;
  let lastDraw = 0;
  let drawn = false;
  let waitingShown = false;
  return {
    update(status) {
      // No phase yet: the request is still connecting; nothing to show.
      if (status.state !== 'downloading' || !status.phase) return;
      if (status.phase === 'waiting') {
        if (!waitingShown) out(`Another process is downloading ${status.name}; waiting for it…`);
        waitingShown = true;
        return;
      }
      const total = status.bytesTotal;
      const fraction = total ? Math.min(1, status.bytesDone / total) : 0;
      const label = `${status.name}: ${megabytes(status.bytesDone)}${total ? ` of ${megabytes(total)} (${Math.floor(fraction * 100)}%)` : ''}${status.phase === 'verifying' ? ' — verifying' : ''}`;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && status.phase !== 'verifying') return;
        lastDraw = now;
        const width = 24;
        const filled = Math.round(fraction * width);
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${label}\u001b[K`);
        drawn = true;
        return;
      }
      const quarter = status.phase === 'verifying' ? 5 : Math.floor(fraction * 4);
      if (quarter === lastQuarter) return;
      lastQuarter = quarter;
      out(`Downloading ${label}`);
    },
    finish() {
      if (drawn) stream.write('\r\u001b[K');
      drawn = false;
    },
  };
}

/**
 * Before a CLI command transcribes with a local model that is not on disk yet: the download's progress on stderr
 * (stdout may carry --json). A failure is left to the transcriber, which reports it as one line.
 */
export async function showModelDownload(model: LocalModelProvisioner | null, err: (line: string) => void): Promise<void> {
  if (!model || (await model.isPresent())) return;
  const view = downloadProgress(err);
  const listener = (status: ModelStatus): void => view.update(status);
  model.on('status', listener);
  try {
    await model.ensure().catch(() => undefined);
  } finally {
    model.off('status', listener);
    view.finish();
  }
}
