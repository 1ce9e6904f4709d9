export {
  startOpenIamSimulator,
  OPENIAM_SCENARIOS,
  OPENIAM_PATHS,
  type OpenIamSimulatorOptions,
  type OpenIamScenario,
} from './simulator.js';
export { openiamDemoAccounts, type OpenIamAccount } from './accounts.js';
export type { Envelope as OpenIamEnvelope, ErrorToken as OpenIamErrorToken } from './envelope.js';
