export { startBroadworksSimulator, BROADWORKS_SCENARIOS } from './server.js';
export type { BroadworksSimulator, BroadworksSimulatorOptions } from './server.js';
export { broadworksDemoAccounts, defaultBroadworksAccounts } from './accounts.js';
export type { BroadworksAccount } from './accounts.js';
export { signedPassword } from './wire.js';
