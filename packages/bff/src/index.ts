/** The public API of @auth-login/bff. */
import {
  loadConfig as loadConfigWith,
  parseConfig as parseConfigWith,
  type ConnectorTypes,
  type ParseOptions as ConfigParseOptions,
} from './config/parse.js';
import type { BffConfig } from './config/schema.js';
import { connectorRegistry } from './connectors/index.js';

export { createBff, type BffMiddleware, type BffOptions } from './app.js';
export { startBff, type RunningBff, type StartOptions } from './start.js';
export { ConfigError, type ConnectorTypes } from './config/parse.js';
export {
  configSchema,
  createConfigSchema,
  type BffConfig,
  type ConfigInput,
  type ParsedConnector,
} from './config/schema.js';
export { parseDuration, durationSchema, connectorTimeoutSchema } from './shared/duration.js';
export { AuthError, type ErrorCode } from './errors.js';
export * from './connectors/connector.js';
export { connectorRegistry, type ConnectorRegistration } from './connectors/index.js';
export {
  METHODS,
  METHOD_IDS,
  CONNECTOR_CALLS,
  firstSteps,
  type MethodId,
  type SignInMethod,
  type CodeStep,
  type ConnectorCall,
} from './methods.js';
export { MemorySessionStore } from './session/memory-store.js';
export type { BffMetrics } from './observability/metrics.js';
export { AUDIT_SCHEMA_VERSION } from './log/audit-envelope.js';
export type { SessionStore, SessionRecord, PendingFlow } from './session/store.js';
export { main as runCli, type CliIo } from './cli.js';

export interface ParseOptions extends Omit<ConfigParseOptions, 'registry'> {
  /** Connector types to validate against (default: the built-in registry). */
  registry?: ConnectorTypes;
}

/** Validates a config object (already read from YAML/JSON). Throws ConfigError. */
export function parseConfig(
  input: unknown,
  env: Record<string, string | undefined> = process.env,
  options: ParseOptions = {},
): BffConfig {
  return parseConfigWith(input, env, { ...options, registry: options.registry ?? connectorRegistry });
}

/** Reads FILE (YAML, or JSON, which is YAML too) and validates it. Throws ConfigError. */
export function loadConfig(
  path: string,
  env: Record<string, string | undefined> = process.env,
  options: ParseOptions = {},
): Promise<BffConfig> {
  return loadConfigWith(path, env, { ...options, registry: options.registry ?? connectorRegistry });
}
