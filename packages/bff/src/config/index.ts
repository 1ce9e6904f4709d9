export { parseDuration, durationSchema, connectorTimeoutSchema } from '../shared/duration.js';
export {
  ConfigError,
  loadConfig,
  parseConfig,
  isParsedConfig,
  type ConnectorTypes,
  type ParseOptions,
} from './parse.js';
export { configSchema, createConfigSchema, type BffConfig, type ConfigInput, type ParsedConnector } from './schema.js';
