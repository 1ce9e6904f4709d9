export { parseDuration, durationSchema, connectorTimeoutSchema } from '../shared/duration.js';
export { ConfigError, loadConfig, parseConfig, isParsedConfig, type ParseOptions } from './parse.js';
export { configSchema, type BffConfig, type ConfigInput, type ParsedConnector } from './schema.js';
