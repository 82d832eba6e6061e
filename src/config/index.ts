export { loadConfig, parseConfig, ConfigError, type Config } from './loadConfig.js';
