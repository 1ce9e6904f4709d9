// The simulators' public API: one line per simulator (`start<Name>Simulator`, `<name>DemoAccounts`).
export type * from './types.js';
export * from './broadworks-oci/index.js';
export * from './digipass-gateway/index.js';
export * from './openiam/index.js';
export * from './vzl-agent/index.js';
export * from './authing/index.js';
export {
  simulatorRegistry,
  startSimulators,
  formatBanner,
  DEFAULT_PORT_BASE,
  INBOX_PORT_OFFSET,
  type SimulatorEntry,
  type StartSimulatorsOptions,
  type StartedSimulators,
} from './registry.js';
export { startInbox, collectInbox, type InboxMessage, type RunningInbox } from './inbox.js';
