import path from 'node:path';
import type { Config } from '../../../config/index.js';
import { UserFacingError } from '../../../errors.js';
import { isLocalModelName, LOCAL_MODEL_NAMES, manifestUrl, MODEL_MANIFEST } from './manifest.js';

/** Where one model comes from and where it lives on disk. */
export interface ModelSource {
  /** Manifest name (`base.en-q5_1`), or the file name for an explicit WHISPER_MODEL_PATH. */
  name: string;
  fileName: string;
  /** Final path of the verified file. */
  path: string;
  /** Null for an explicit WHISPER_MODEL_PATH: never downloaded. */
  url: string | null;
  sha256: string | null;
  /** Null when the override gives no size. */
  bytes: number | null;
  /** Whether a missing file may be fetched (WHISPER_MODEL_DOWNLOAD). */
  download: boolean;
  /** Abandon a transfer that receives nothing for this long. */
  stallMs: number;
}

type ModelConfig = Pick<
  Config,
  | 'DATABASE_PATH'
  | 'WHISPER_MODEL_PATH'
  | 'WHISPER_LOCAL_MODEL'
  | 'WHISPER_MODEL_BASE_URL'
  | 'WHISPER_MODEL_URL'
  | 'WHISPER_MODEL_SHA256'
  | 'WHISPER_MODEL_BYTES'
  | 'WHISPER_MODEL_DIR'
  | 'WHISPER_MODEL_DOWNLOAD'
  | 'WHISPER_MODEL_STALL_SECONDS'
>;

/** WHISPER_MODEL_DIR, else `models/` beside the database (the data folder). */
export function modelDir(config: Pick<Config, 'DATABASE_PATH' | 'WHISPER_MODEL_DIR'>): string {
  return path.resolve(config.WHISPER_MODEL_DIR ?? path.join(path.dirname(path.resolve(config.DATABASE_PATH)), 'models'));
}

/**
 * The source of a model: an explicit WHISPER_MODEL_PATH wins; else the manifest entry `name` (default
 * WHISPER_LOCAL_MODEL), whose URL/digest/size WHISPER_MODEL_URL + WHISPER_MODEL_SHA256 (+ BYTES) replace
 * when it is the configured model.
 */
export function resolveModelSource(config: ModelConfig, name: string = config.WHISPER_LOCAL_MODEL): ModelSource {
  const stallMs = config.WHISPER_MODEL_STALL_SECONDS * 1000;
  const configured = name === config.WHISPER_LOCAL_MODEL;
  if (configured && config.WHISPER_MODEL_PATH) {
    const file = path.resolve(config.WHISPER_MODEL_PATH);
    return { name: path.basename(file), fileName: path.basename(file), path: file, url: null, sha256: null, bytes: null, download: false, stallMs };
  }
  if (!isLocalModelName(name)) {
    throw new UserFacingError('config_invalid', `Unknown whisper model "${name}". Choose one of: ${LOCAL_MODEL_NAMES.join(', ')}.`);
  }
  const entry = MODEL_MANIFEST[name];
  const dir = modelDir(config);
  if (configured && config.WHISPER_MODEL_URL) {
    if (!config.WHISPER_MODEL_SHA256) {
      throw new UserFacingError('config_invalid', 'WHISPER_MODEL_URL needs WHISPER_MODEL_SHA256 (the sha256 of the file), so the download can be verified.');
    }
    const fileName = overrideFileName(config.WHISPER_MODEL_URL, entry.fileName);
    return {
      name,
      fileName,
      path: path.join(dir, fileName),
      url: config.WHISPER_MODEL_URL,
      sha256: config.WHISPER_MODEL_SHA256,
      bytes: config.WHISPER_MODEL_BYTES ?? null,
      download: config.WHISPER_MODEL_DOWNLOAD,
      stallMs,
    };
  }
  if (configured && config.WHISPER_MODEL_SHA256) {
    throw new UserFacingError('config_invalid', 'WHISPER_MODEL_SHA256 is set without WHISPER_MODEL_URL; set both, or neither.');
  }
  return {
    name,
    fileName: entry.fileName,
    path: path.join(dir, entry.fileName),
    url: manifestUrl(name, config.WHISPER_MODEL_BASE_URL),
    sha256: entry.sha256,
    bytes: entry.bytes,
    download: config.WHISPER_MODEL_DOWNLOAD,
    stallMs,
  };
}

/**
 * An overridden source keeps its own file name (`…/ggml-custom.bin` → ggml-custom.bin) so a file from another
 * source is never taken for the manifest's; a URL without a usable `.bin` name gets the manifest's.
 */
function overrideFileName(url: string, fallback: string): string {
  const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  return /^[\w.-]+\.bin$/.test(last) ? last : fallback;
}
