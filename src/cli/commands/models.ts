import { existsSync, statSync } from 'node:fs';
import { UserFacingError } from '../../errors.js';
import {
  LOCAL_MODEL_NAMES,
  LocalModelProvisioner,
  MODEL_REVISION,
  megabytes,
  modelDir,
  resolveModelSource,
  sha256File,
  type ModelSource,
} from '../../pipeline/transcribe/localModel/index.js';
import type { CliContext } from '../cliContext.js';
import { parseCommandArgs } from '../args.js';
import { downloadProgress } from '../downloadProgress.js';
import type { Terminal } from '../terminal.js';

const USAGE = 'Usage: interview-coach models list [--json] | models download [NAME] | models verify';

/** `models list|download|verify`: the local whisper.cpp models of the pinned manifest, in WHISPER_MODEL_DIR. */
export async function modelsCommand(argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  const [action, ...rest] = argv;
  if (action === 'list') return list(rest, ctx, term);
  if (action === 'download') return download(rest, ctx, term);
  if (action === 'verify') return verify(rest, ctx, term);
  throw new UserFacingError('bad_usage', USAGE);
}

/** Every manifest model, with the configured one's source (WHISPER_MODEL_URL / WHISPER_MODEL_PATH) applied. */
function sources(ctx: CliContext): { name: string; source: ModelSource }[] {
  return LOCAL_MODEL_NAMES.map((name) => ({ name, source: resolveModelSource(ctx.config, name) }));
}

function present(source: ModelSource): boolean {
  if (!existsSync(source.path)) return false;
  return source.bytes === null || statSync(source.path).size === source.bytes;
}

async function list(argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
  const chosen = ctx.config.WHISPER_LOCAL_MODEL;
  const rows = sources(ctx).map(({ name, source: s }) => ({
    name,
    file: s.fileName,
    bytes: s.bytes,
    sha256: s.sha256,
    present: present(s),
    default: name === chosen,
    path: s.path,
  }));
  if (values.json) {
    term.out(JSON.stringify({ dir: modelDir(ctx.config), revision: MODEL_REVISION, models: rows }));
    return 0;
  }
  term.out(`Models folder: ${modelDir(ctx.config)}  (whisper.cpp revision ${MODEL_REVISION.slice(0, 10)})`);
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const row of rows) {
    const size = row.bytes === null ? '?' : megabytes(row.bytes);
    term.out(`${row.default ? '*' : ' '} ${row.name.padEnd(width)}  ${size.padStart(7)}  ${row.present ? 'present ' : 'missing '}  ${row.path}`);
  }
  term.out('* = WHISPER_LOCAL_MODEL (the one voice answers use)');
  return 0;
}

async function download(argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  const { positionals } = parseCommandArgs(argv, {}, true);
  if (positionals.length > 1) throw new UserFacingError('bad_usage', USAGE);
  const source = resolveModelSource(ctx.config, positionals[0] ?? ctx.config.WHISPER_LOCAL_MODEL);
  if (!source.url) {
    throw new UserFacingError('nothing_to_download', `WHISPER_MODEL_PATH is set (${source.path}): that file is used as it is, nothing to download.`);
  }
  // An explicit download is wanted even where automatic ones are off (WHISPER_MODEL_DOWNLOAD=false).
  const model = new LocalModelProvisioner({ ...source, download: true });
  if (await model.isPresent()) {
    term.out(`${source.name} is already downloaded: ${source.path}`);
    return 0;
  }
  const view = downloadProgress(term.out);
  model.on('status', (status) => view.update(status));
  try {
    const path = await model.ensure();
    view.finish();
    term.out(`Downloaded ${source.name}${source.bytes ? ` (${megabytes(source.bytes)})` : ''}, sha256 verified: ${path}`);
    return 0;
  } catch (error) {
    view.finish();
    term.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

async function verify(argv: string[], ctx: CliContext, term: Terminal): Promise<number> {
  parseCommandArgs(argv, {});
  const found = sources(ctx)
    .map(({ source }) => source)
    .filter((s) => existsSync(s.path));
  if (found.length === 0) {
    term.out(`No models downloaded yet in ${modelDir(ctx.config)}. Fetch one with \`interview-coach models download\`.`);
    return 0;
  }
  let bad = 0;
  for (const source of found) {
    if (!source.sha256) {
      term.out(`?  ${source.name}  no checksum to compare (WHISPER_MODEL_PATH)  ${source.path}`);
      continue;
    }
    const digest = await sha256File(source.path);
    if (digest === source.sha256) {
      term.out(`ok ${source.name}  ${source.path}`);
    } else {
      bad++;
      term.err(`${source.name} does not match its checksum (sha256 ${digest.slice(0, 12)}…, expected ${source.sha256.slice(0, 12)}…): delete ${source.path} and run \`interview-coach models download ${source.name}\`.`);
    }
  }
  return bad === 0 ? 0 : 1;
}
