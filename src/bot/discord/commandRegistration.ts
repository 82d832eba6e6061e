import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Routes, type REST } from 'discord.js';
import { commandDefinitions } from './commandDefinitions.js';

export interface CommandTarget {
  applicationId: string;
  /** One server (commands appear at once); global otherwise (Discord may take up to an hour). */
  guildId?: string;
}

export type RegistrationOutcome = 'registered' | 'unchanged';

/** The file that remembers what was registered where: beside the database, so it lives and dies with the data. */
export function commandRegistryPath(databasePath: string): string | undefined {
  if (databasePath === ':memory:' || databasePath === '') return undefined;
  return path.join(path.dirname(databasePath), 'discord-commands.json');
}

export function commandsHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

function registryKey(target: CommandTarget): string {
  return `${target.applicationId}:${target.guildId ?? 'global'}`;
}

/** A missing or unreadable file means "nothing known": the commands are registered again, which is harmless. */
function readRegistry(file: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

function writeRegistry(file: string, registry: Record<string, string>): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(registry, null, 2)}\n`);
  renameSync(temp, file);
}

/**
 * Registers every slash command with one bulk PUT, unless the same definitions were already registered for this
 * application and server (a restart then costs no request, so restarts never meet Discord's registration limits).
 * `force` always sends them (`deploy-commands`, for commands deleted or changed elsewhere).
 */
export async function registerCommands(rest: REST, target: CommandTarget, registryFile: string | undefined, options: { force?: boolean } = {}): Promise<RegistrationOutcome> {
  const body = commandDefinitions();
  const hash = commandsHash(body);
  const key = registryKey(target);
  const registry = registryFile ? readRegistry(registryFile) : {};
  if (!options.force && registry[key] === hash) return 'unchanged';
  const route = target.guildId ? Routes.applicationGuildCommands(target.applicationId, target.guildId) : Routes.applicationCommands(target.applicationId);
  await rest.put(route, { body });
  if (registryFile) writeRegistry(registryFile, { ...registry, [key]: hash });
  return 'registered';
}
