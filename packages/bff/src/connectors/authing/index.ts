export { authingConfigSchema, type AuthingConfig } from './config.js';
export { createAuthingConnector } from './connector.js';
export { AUTHING_TYPE } from './api.js';
