export {
  createProviders,
  whisperConnection,
  type CreateProvidersOptions,
  type OfflineFallbacks,
  type ProviderDescription,
  type ProviderRole,
  type Providers,
} from './selectProviders.js';
export { isAbort, isProviderError, ProviderError, type ProviderFailure } from './ProviderError.js';
export { withRetry, type RetryPolicy, type Sleep } from './retry.js';
export type { FallbackEvent, FallbackListener } from './fallback.js';
export { TRANSCRIBER_FAILED_MESSAGE } from './transcriberFailed.js';
