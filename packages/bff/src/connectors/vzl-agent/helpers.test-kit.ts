/** Test-only helpers (not shipped: *.test-kit.ts is excluded from the build): a connector wired to a simulator, and a logger that records everything. */
import { VZL_INTERNAL_REALM, type RunningVzlSimulator } from '@auth-login/simulators';
import type { Connector, ConnectorLogger } from '../connector.js';
import { vzlAgentConfigSchema } from './config.js';
import { createVzlAgentConnector } from './vzl-agent-connector.js';

export const SERVICE = { serviceUser: 'vzlservice', servicePassword: 'vzl-service-secret' };

export function recordingLogger(): ConnectorLogger & { lines: unknown[] } {
  const lines: unknown[] = [];
  const log = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export function vzlConnectorFor(
  address: { host: string; port: number },
  overrides: Record<string, unknown> = {},
  logger: ConnectorLogger = recordingLogger(),
): Connector {
  const config = vzlAgentConfigSchema.parse({
    type: 'vzl-agent',
    host: address.host,
    port: address.port,
    ...SERVICE,
    realm: VZL_INTERNAL_REALM,
    timeout: '3s',
    connectTimeout: '2s',
    ...overrides,
  });
  return createVzlAgentConnector(config, { logger });
}

export const countCalls = (sim: RunningVzlSimulator, kind: string): number =>
  sim.calls.filter((c) => c.kind === kind).length;
