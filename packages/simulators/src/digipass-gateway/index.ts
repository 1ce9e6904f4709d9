export {
  startDigipassSimulator,
  DIGIPASS_SCENARIOS,
  AUTH_USER_PATH as DIGIPASS_AUTH_USER_PATH,
  type DigipassSimulatorOptions,
  type DigipassScenario,
} from './simulator.js';
export { digipassDemoAccounts, DIGIPASS_DEMO_API_KEY, type DigipassAccount } from './accounts.js';
export { RETURN_CODES as DIGIPASS_RETURN_CODES, STATUS_CODES as DIGIPASS_STATUS_CODES } from './codes.js';
