// Child script: which platform SDKs does loading the app (and then the configured adapters) pull in?
// Prints one JSON line: { afterApp: string[], afterLoad: string[] } (SDK package names seen by the resolver).
import { registerHooks } from 'node:module';

const SDKS = ['discord.js', '@discordjs/voice', '@slack/bolt'];
const seen = new Set<string>();
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (SDKS.includes(specifier)) seen.add(specifier);
    return nextResolve(specifier, context);
  },
});

const { parseConfig } = await import('../../src/config/index.js');
const { hasPlatform } = await import('../../src/app.js');
const { PLATFORMS } = await import('../../src/platforms/index.js');
const config = parseConfig(JSON.parse(process.argv[2] ?? '{}') as Record<string, string>);
const afterApp = [...seen].sort();
if (!hasPlatform(config)) throw new Error('no platform configured');
for (const platform of PLATFORMS) if (platform.isConfigured(config)) await platform.load();
process.stdout.write(`${JSON.stringify({ afterApp, afterLoad: [...seen].sort() })}\n`);
