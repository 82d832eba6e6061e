/**
 * The bot as it runs in production (createServices, startDiscordBot with createVoiceRounds, the real discord.js and
 * @discordjs/voice) against the local Discord fake, for the voice benchmarks. The voice server is given by the
 * caller (in this process, or another one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDiscordBot, type DiscordBot } from '../src/bot/discord/index.js';
import { deployCommands } from '../src/bot/discord/deployCommands.js';
import { createVoiceRounds, type VoiceRoundEvents, type VoiceRoundOptions, type VoiceRoundsHandle } from '../src/bot/discord/voice/index.js';
import { parseConfig } from '../src/config/index.js';
import { fakeDiscordEnv } from '../test/helpers/fakeDiscordEnv.js';
import { silentLogger } from '../src/logger.js';
import { createServices, type Services } from '../src/services.js';
import { FakeDiscord } from '../test/fakes/discord/index.js';

export interface BotStack {
  fake: FakeDiscord;
  services: Services;
  bot: DiscordBot;
  voice: VoiceRoundsHandle;
  stop(): Promise<void>;
}

export interface BotStackOptions {
  usernames: string[];
  voiceServer: { endpoint: string; token: string };
  env?: Record<string, string>;
  voice?: Partial<VoiceRoundOptions>;
  /** Services with parts replaced, before the bot starts (e.g. to time providers). */
  adjust?: (services: Services) => Services;
}

export async function startBotStack(options: BotStackOptions): Promise<BotStack> {
  const fake = new FakeDiscord({ testUsers: options.usernames });
  await fake.start();
  fake.setVoiceServer(options.voiceServer);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ic-voice-bench-'));
  const databasePath = path.join(dir, 'bench.db');
  const config = parseConfig({
    ...fakeDiscordEnv(fake, databasePath),
    TRANSCRIBER_PROVIDER: 'none',
    ...options.env,
  });
  await deployCommands(config);
  for (const username of options.usernames) fake.setVoiceState({ user: fake.user(username), channelId: fake.guild.voiceChannel.id });
  const created = createServices(config, { databasePath });
  const services = options.adjust?.(created) ?? created;
  let handle: VoiceRoundsHandle | undefined;
  const bot = await startDiscordBot(services, config, silentLogger(), {
    voice: (ctx) => {
      handle = createVoiceRounds(ctx, options.voice);
      return handle;
    },
  });
  if (!handle) throw new Error('voice module was not created');
  const voice = handle;
  return {
    fake,
    services,
    bot,
    voice,
    async stop() {
      await bot.stop();
      await fake.stop();
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The next manager event of a kind matching the predicate. */
export function nextEvent<K extends keyof VoiceRoundEvents>(
  voice: VoiceRoundsHandle,
  name: K,
  predicate: (event: VoiceRoundEvents[K][0]) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<VoiceRoundEvents[K][0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      voice.manager.off(name, listener);
      reject(new Error(`timed out waiting for '${name}'`));
    }, timeoutMs);
    const listener = (event: VoiceRoundEvents[K][0]): void => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      voice.manager.off(name, listener);
      resolve(event);
    };
    voice.manager.on(name, listener);
  });
}

/** Percentile of a list (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** `/mock-interview … mode:voice` from the first user. */
export function startVoiceRound(stack: BotStack, options: { questions: number; host: string }): void {
  stack.fake.sendSlashCommand({
    name: 'mock-interview',
    user: stack.fake.user(options.host),
    channelId: stack.fake.guild.textChannel.id,
    options: { role: 'frontend', questions: options.questions, mode: 'voice', round: 'everyone' },
  });
}
