export { digipassGatewayConfigSchema, type DigipassGatewayConfig } from './config.js';
export { createDigipassGatewayConnector, DIGIPASS_TYPE } from './connector.js';
