/**
 * The `connectors` entries of a BFF config in front of the simulators, for the observability
 * tests (metrics, tracing, the deployment guide's dashboard): BroadWorks OCI-P over TCP, Authing
 * over HTTP, and a DIGIPASS gateway at an address nobody listens on (an upstream that is down).
 */
export interface SimulatedSystems {
  /** The BroadWorks simulator's TCP port. */
  broadworksPort: number;
  /** The Authing simulator's base URL (its app `APP1` in pool `POOL1`). */
  authingUrl: string;
  /** A port nobody listens on: the DIGIPASS gateway is down. Omitted: no `dp` connector. */
  deadPort?: number;
}

export function simulatedConnectors({ broadworksPort, authingUrl, deadPort }: SimulatedSystems) {
  return {
    bw: {
      type: 'broadworks-oci',
      transport: 'tcp',
      host: '127.0.0.1',
      port: broadworksPort,
      adminUserId: 'admin@example.com',
      adminPassword: 'adminSecret',
      timeout: '2s',
    },
    au: { type: 'authing', appHost: authingUrl, appId: 'APP1', userPoolId: 'POOL1', timeout: '2s' },
    ...(deadPort === undefined
      ? {}
      : {
          dp: {
            type: 'digipass-gateway',
            url: `http://127.0.0.1:${deadPort}`,
            apiKey: 'test-only-api-key',
            timeout: '1s',
          },
        }),
  };
}
