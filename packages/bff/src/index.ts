/** The public API of @auth-login/bff. */
export { createBff, type BffMiddleware, type BffOptions } from './app.js';
export { startBff, type RunningBff, type StartOptions } from './start.js';
export { ConfigError, loadConfig, parseConfig, type ParseOptions } from './config/parse.js';
export { configSchema, type BffConfig, type ConfigInput, type ParsedConnector } from './config/schema.js';
export { parseDuration, durationSchema, connectorTimeoutSchema } from './shared/duration.js';
export { AuthError, type ErrorCode } from './errors.js';
export * from './connectors/connector.js';
export { connectorRegistry, METHOD_IDS, type ConnectorRegistration, type MethodId } from './connectors/index.js';
export { MemorySessionStore } from './session/memory-store.js';
export type { SessionStore, SessionRecord, PendingFlow } from './session/store.js';
export { main as runCli, type CliIo } from './cli.js';
