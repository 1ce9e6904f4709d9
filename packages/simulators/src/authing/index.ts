export { startAuthingSimulator, AUTHING_SCENARIOS, AUTHING_CAPTCHA_COOKIE } from './simulator.js';
export type { AuthingSimulatorOptions, RunningAuthingSimulator } from './simulator.js';
export { authingDemoAccounts } from './accounts.js';
export type { AuthingAccount } from './accounts.js';
