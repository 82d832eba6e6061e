import type { Config } from './config/index.js';
import type { Logger } from './logger.js';
import { checkProviders, type ProviderCheck } from './pipeline/providers/checkProviders.js';

/**
 * The start-up self-check: each configured provider model is looked up once and every problem is logged
 * once — refused keys and unknown models at error level, naming the variable to fix, because the offline
 * fallbacks would otherwise hide them for as long as the bot runs. Never throws.
 */
export async function selfCheckAtStart(config: Config, logger: Logger): Promise<ProviderCheck[]> {
  let checks: ProviderCheck[];
  try {
    checks = await checkProviders(config);
  } catch (err) {
    logger.warn({ err }, 'provider self-check could not run');
    return [];
  }
  for (const check of checks) {
    const fields = { provider: check.provider, model: check.model, roles: check.roles, variable: check.variable, httpStatus: check.httpStatus, detail: check.detail };
    if (check.status === 'failed') logger.error(fields, check.message);
    else if (check.status === 'unreachable') logger.warn(fields, check.message);
    else logger.info(fields, `provider self-check: ${check.message}`);
  }
  return checks;
}
