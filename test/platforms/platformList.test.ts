import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hasPlatform } from '../../src/app.js';
import { parseConfig } from '../../src/config/index.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { TSX_LOADER } from '../reliability/childCli.js';

const run = promisify(execFile);
const SLACK_HTTP = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };

async function loadedSdks(env: Record<string, string>): Promise<{ afterApp: string[]; afterLoad: string[] }> {
  const script = path.join(import.meta.dirname, 'loadedSdks.ts');
  const { stdout } = await run(process.execPath, ['--import', TSX_LOADER, script, JSON.stringify({ LOG_LEVEL: 'silent', ...env })], { env: { PATH: process.env.PATH } });
  return JSON.parse(stdout) as { afterApp: string[]; afterLoad: string[] };
}

describe('the adapter list', () => {
  it('says which platforms are configured from the config alone', () => {
    const configured = (env: Record<string, string>) => PLATFORMS.filter((p) => p.isConfigured(parseConfig(env))).map((p) => p.id);
    expect(configured({})).toEqual([]);
    expect(configured({ DISCORD_TOKEN: 't' })).toEqual(['discord']);
    expect(configured({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([]);
    expect(configured(SLACK_HTTP)).toEqual(['slack']);
    expect(configured({ DISCORD_TOKEN: 't', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual(['discord', 'slack']);
    expect(hasPlatform(parseConfig({}))).toBe(false);
    expect(hasPlatform(parseConfig(SLACK_HTTP))).toBe(true);
  });

  it('imports a platform SDK only when that platform is configured and loaded', async () => {
    const slackOnly = await loadedSdks(SLACK_HTTP);
    expect(slackOnly.afterApp).toEqual([]);
    expect(slackOnly.afterLoad).toContain('@slack/bolt');
    expect(slackOnly.afterLoad).not.toContain('discord.js');
    const discordOnly = await loadedSdks({ DISCORD_TOKEN: 't' });
    expect(discordOnly.afterApp).toEqual([]);
    expect(discordOnly.afterLoad).toEqual(expect.arrayContaining(['discord.js', '@discordjs/voice']));
    expect(discordOnly.afterLoad).not.toContain('@slack/bolt');
  }, 60_000);
});
