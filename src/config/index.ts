export { loadConfig, type LoadOptions } from './load.ts';
export { Settings, logLevels, type Config, type RuntimeConfig } from './schema.ts';
export { envVariables, configFileVariable } from './sources.ts';
export { deepFreeze } from './freeze.ts';
export { redactUrl, hostPortOf } from './redact-url.ts';
export { createLogger, scrub, scrubUrl, isSensitiveKey, REDACTED, type Logger, type LoggerOptions } from './logger.ts';
