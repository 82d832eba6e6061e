import { existsSync, statSync } from 'node:fs';
import type { ProviderDescription } from '../../pipeline/providers/index.js';
import { megabytes, resolveModelSource } from '../../pipeline/transcribe/localModel/index.js';
import type { Services } from '../../services.js';

export interface LocalModelReport {
  json: { name: string; file: string; path: string; present: boolean; bytes: number | null; source: string | null };
  /** One line for the transcriber check. */
  summary: string;
}

/** What `doctor` says about the local whisper model, when whisper.cpp is the transcriber. */
export function describeLocalModel(services: Services, rows: ProviderDescription[]): LocalModelReport | undefined {
  if (rows.find((r) => r.role === 'transcriber')?.provider !== 'whisper.cpp') return undefined;
  const source = services.localModel?.source ?? resolveModelSource(services.config);
  const onDisk = existsSync(source.path) ? statSync(source.path).size : null;
  const present = onDisk !== null && (source.bytes === null || onDisk === source.bytes);
  const size = source.bytes ? ` (${megabytes(source.bytes)})` : '';
  const summary = present
    ? 'model present'
    : !source.url
      ? 'model file missing — fix WHISPER_MODEL_PATH'
      : source.download
        ? `model not downloaded yet${size}: fetched on first use, or now with \`interview-coach models download\``
        : `model not downloaded${size} and WHISPER_MODEL_DOWNLOAD=false: run \`interview-coach models download\``;
  return {
    json: { name: source.name, file: source.fileName, path: source.path, present, bytes: source.bytes, source: source.url ? new URL(source.url).host : null },
    summary,
  };
}
