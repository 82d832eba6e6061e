export { DEFAULT_LOCAL_MODEL, LOCAL_MODEL_NAMES, MODEL_MANIFEST, MODEL_REVISION, MODEL_REPOSITORY_URL, isLocalModelName, manifestUrl, type LocalModelName, type ManifestEntry } from './manifest.js';
export { modelDir, resolveModelSource, type ModelSource } from './resolveModelSource.js';
export { downloadModel, isComplete, type DownloadProgress, type DownloadRequest } from './downloadModel.js';
export { ModelDownloadError, isModelDownloadError, type ModelDownloadFailure } from './ModelDownloadError.js';
export { LocalModelProvisioner, type ModelState, type ModelStatus, type ProvisionerOptions } from './LocalModelProvisioner.js';
export { formatModelProgress, megabytes } from './formatModelProgress.js';
export { sha256File } from './hashFile.js';
