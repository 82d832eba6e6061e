import type { ModelStatus } from './LocalModelProvisioner.js';

/** Megabytes as people read them on a download (MiB, labelled MB like most tools). */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** "Setting up speech recognition — 34 of 57 MB": the status shown while an answer waits for the model. */
export function formatModelProgress(status: ModelStatus): string {
  if (status.phase === 'verifying') return 'Setting up speech recognition — checking the model…';
  const total = status.bytesTotal;
  if (total === null || total === 0) return `Setting up speech recognition — ${megabytes(status.bytesDone)} so far`;
  return `Setting up speech recognition — ${Math.round(status.bytesDone / 1024 / 1024)} of ${megabytes(total)}`;
}
