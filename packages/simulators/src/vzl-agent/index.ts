export { startVzlSimulator, VZL_SCENARIOS } from './server.js';
export type { RunningVzlSimulator, VzlScenario, VzlSimulatorOptions } from './server.js';
export { vzlDemoAccounts, VZL_SYSTEM_REALM, VZL_CONTAINER_REALM, VZL_INTERNAL_REALM } from './accounts.js';
export type { VzlAccount } from './accounts.js';
export { VZL_ERR } from './replies.js';
