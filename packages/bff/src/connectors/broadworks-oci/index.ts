export { broadworksOciConfigSchema, type BroadworksOciConfig } from './config.js';
export { createBroadworksOciConnector, BROADWORKS_TYPE } from './connector.js';
