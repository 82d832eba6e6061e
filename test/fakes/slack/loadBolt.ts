import { createRequire, registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
let hooked = false;

/**
 * @slack/bolt always loads @slack/socket-mode, which requires its peer `undici` at load time even for the HTTP
 * receiver. When that peer is not installed at the top level, resolve it to the copy discord.js ships so tests can
 * load Bolt; Socket Mode itself is not exercised through it. A no-op once `undici` is installed.
 */
function bridgeMissingUndici(): void {
  if (hooked) return;
  try {
    require.resolve('undici', { paths: [require.resolve('@slack/socket-mode')] });
    return;
  } catch {
    // fall through: peer missing
  }
  const fallback = pathToFileURL(require.resolve('undici', { paths: [require.resolve('discord.js')] })).href;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        if (specifier !== 'undici') throw error;
        return { url: fallback, format: 'commonjs', shortCircuit: true };
      }
    },
  });
  hooked = true;
}

/** Imports the real @slack/bolt (use instead of a static import in tests). */
export async function loadBolt() {
  bridgeMissingUndici();
  return import('@slack/bolt');
}
