export { vzlAgentConfigSchema, VZL_SYSTEM_REALM } from './config.js';
export type { VzlAgentConfig } from './config.js';
export { createVzlAgentConnector, VZL_AGENT_TYPE } from './vzl-agent-connector.js';
