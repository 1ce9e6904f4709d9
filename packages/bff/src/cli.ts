/**
 * `auth-bff --config FILE [--port N] [--host H]` (bin/auth-bff.js calls `main`).
 *
 * Exit status 2 for a usage or configuration error, with a message naming the key and never a
 * value (docs/architecture.md). Prints the URL it listens on. SIGTERM/SIGINT stop it gracefully
 * (lifecycle/graceful-shutdown.ts).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/parse.js';
import { connectorRegistry } from './connectors/index.js';
import { onTerminationSignals } from './lifecycle/graceful-shutdown.js';
import { startBff, type RunningBff } from './start.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  /** Install SIGTERM/SIGINT handlers (off in tests). */
  signals?: boolean;
}

const USAGE = 'usage: auth-bff --config FILE [--port N] [--host HOST]';

/** Resolves to a running server, or to an exit code when it could not start. */
export async function main(argv: string[], io: CliIo): Promise<RunningBff | number> {
  let values: { config?: string; port?: string; host?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`auth-bff: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!values.config) {
    io.err(`auth-bff: --config FILE is required\n${USAGE}`);
    return 2;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    io.err('auth-bff: --port must be a number from 0 to 65535');
    return 2;
  }

  let running: RunningBff;
  try {
    const config = await loadConfig(values.config, io.env, { registry: connectorRegistry });
    running = await startBff(config, {
      ...(port !== undefined ? { port } : {}),
      ...(values.host ? { host: values.host } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`auth-bff: ${error.message}`);
      return 2;
    }
    // Start-up failures (port in use, unreadable TLS file): the message names the cause, not a secret.
    io.err(`auth-bff: cannot start: ${(error as Error).message}`);
    return 1;
  }
  io.out(`auth-bff listening on ${running.url} (API at ${running.url}${running.bff.config.basePath})`);
  if (running.metricsUrl) io.out(`auth-bff metrics at ${running.metricsUrl}/metrics`);
  if (io.signals !== false) {
    onTerminationSignals(running.server, { closeResources: () => running.bff.close(), logger: running.bff.logger });
  }
  return running;
}
