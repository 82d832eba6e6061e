import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { platformUserId } from '../../src/ids.js';
import { channelId, discordChannel, slackThread, slackTs, type Location } from '../../src/location.js';

export const SQLITE_MIGRATIONS = path.join(import.meta.dirname, '..', '..', 'migrations');
export const PG_MIGRATIONS = path.join(SQLITE_MIGRATIONS, 'postgres');

/** The statements a migration appends by hand, after its `-- Hand-written` comment, from the file ending in `suffix`. */
export function handWrittenStatements(dialect: 'sqlite' | 'postgres', suffix: string): string[] {
  const folder = dialect === 'postgres' ? PG_MIGRATIONS : SQLITE_MIGRATIONS;
  const file = readdirSync(folder).find((f) => f.endsWith(suffix));
  if (!file) throw new Error(`no migration *${suffix} in ${folder}`);
  const text = readFileSync(path.join(folder, file), 'utf8');
  const marker = text.indexOf('-- Hand-written');
  if (marker < 0) throw new Error(`${file} has no hand-written part`);
  return text
    .slice(marker)
    .split('--> statement-breakpoint')
    .map((part) => part.split('\n').filter((line) => !line.startsWith('--')).join('\n').trim())
    .filter((part) => part.length > 0);
}

export interface MigrationsCopy {
  folder: string;
  remove(): void;
}

/**
 * A copy of a migrations folder holding only the migrations before `tag` (e.g. `0006_session_location_columns`), to build a
 * database as an older version left it.
 */
export function migrationsBefore(folder: string, tag: string): MigrationsCopy {
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((entry) => entry.tag === tag);
  if (index < 0) throw new Error(`no migration ${tag} in ${folder}`);
  const copy = mkdtempSync(path.join(os.tmpdir(), 'ic-migrations-'));
  mkdirSync(path.join(copy, 'meta'));
  const kept = journal.entries.slice(0, index);
  writeFileSync(path.join(copy, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: kept }));
  for (const entry of kept) copyFileSync(path.join(folder, `${entry.tag}.sql`), path.join(copy, `${entry.tag}.sql`));
  return { folder: copy, remove: () => rmSync(copy, { recursive: true, force: true }) };
}

/**
 * Rows as versions before the location columns wrote them (plain SQL, the same on SQLite and Postgres): a Discord
 * round in a thread, a Discord drill, a Slack round and a Slack drill in their threads, a CLI rehearsal; a Slack
 * answer whose progress message was ephemeral (`ephemeral:<ts>`), answers transcribed by `whisper.cpp:<model>` and typed.
 */
export const OLD_FORMAT_ROWS = [
  `INSERT INTO workspaces (id, platform, platform_workspace_id) VALUES (1, 'discord', 'G1'), (2, 'slack', 'T1'), (3, 'cli', 'local')`,
  `INSERT INTO users (id, platform, platform_user_id) VALUES (1, 'discord', '111'), (2, 'slack', 'U2'), (3, 'cli', 'ana')`,
  `INSERT INTO sessions (id, kind, workspace_id, host_user_id, channel_id, thread_id, role, difficulty, question_count, mode, status) VALUES
    ('d-round', 'interview', 1, 1, '900', '901', 'backend', 'mid', 1, 'text', 'active'),
    ('d-drill', 'drill', 1, 1, 'drill:discord:111', NULL, 'backend', 'mid', 1, 'text', 'active'),
    ('s-round', 'interview', 2, 2, 'C42', 'C42/1700000000.000100', 'backend', 'mid', 1, 'text', 'active'),
    ('s-drill', 'drill', 2, 2, 'drill:slack:U2', 'C7/1700000001.000200', 'backend', 'mid', 1, 'text', 'ended'),
    ('c-run', 'rehearse', 3, 3, 'cli:1b4e28ba-2fa1-11d2-883f-0016d3cca427', NULL, 'backend', 'mid', 1, 'text', 'ended')`,
  `INSERT INTO questions (id, session_id, position, question_key, role, category, difficulty, text, keywords, ideal_answer, origin) VALUES
    (1, 's-round', 0, 'q1', 'backend', 'design', 'mid', 'Why a queue?', '[]', 'Because.', 'bank'),
    (2, 'd-round', 0, 'q1', 'backend', 'design', 'mid', 'Why a queue?', '[]', 'Because.', 'bank')`,
  `INSERT INTO answers (id, session_id, question_id, user_id, workspace_id, role, category, input_kind, transcript, transcriber, status, reply_ref) VALUES
    (1, 's-round', 1, 2, 2, 'backend', 'design', 'audio_clip', 'A queue.', 'whisper.cpp:ggml-base.en.bin', 'transcribed', 'ephemeral:1700000002.000300'),
    (2, 'd-round', 2, 1, 1, 'backend', 'design', 'text', 'A queue.', 'typed', 'transcribed', '902'),
    (3, 's-round', 1, 1, 2, 'backend', 'design', 'voice_message', 'A queue.', 'openai:whisper-1', 'transcribed', NULL)`,
];

/** The locations the sessions above must read as after the migration. */
export const DECODED_LOCATIONS = {
  'd-round': discordChannel(channelId('900'), channelId('901')),
  'd-drill': { surface: 'discord-dm', user: platformUserId('111') },
  's-round': slackThread(channelId('C42'), slackTs('1700000000.000100')),
  's-drill': slackThread(channelId('C7'), slackTs('1700000001.000200'), platformUserId('U2')),
  'c-run': { surface: 'cli', run: channelId('1b4e28ba-2fa1-11d2-883f-0016d3cca427') },
} satisfies Record<string, Location>;

/** What the answers above must read as. */
export const DECODED_ANSWERS = [
  { id: 1, transcriber: 'whisper.cpp', transcriberModel: 'ggml-base.en.bin', replyRef: '1700000002.000300', replyEphemeral: true },
  { id: 2, transcriber: 'typed', transcriberModel: null, replyRef: '902', replyEphemeral: false },
  { id: 3, transcriber: 'openai', transcriberModel: 'whisper-1', replyRef: null, replyEphemeral: false },
];
