/**
 * Graceful shutdown of the standalone server (issue 8 "Graceful shutdown on SIGTERM"), in order:
 *
 *  1. stop accepting: `server.close()` (the listening socket goes; new connections are refused);
 *  2. finish in-flight requests: busy connections answer, idle keep-alive ones are closed at once
 *     and after each answer (`Connection: close` on the remaining responses);
 *  3. after `graceMs`, whatever is still open is cut (a hung client must not hold the process);
 *  4. close the BFF's resources: connectors (upstream sockets/pools) and Redis (`QUIT`).
 *
 * A second signal while shutting down exits at once (an operator pressing Ctrl-C twice).
 */
import type { Server } from 'node:http';

export interface ShutdownLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface GracefulShutdownOptions {
  /** Closes connectors and stores (the BFF's `close()`). */
  closeResources: () => Promise<void>;
  logger: ShutdownLogger;
  /** Longest wait for in-flight requests, in ms. Default 10 000. */
  graceMs?: number;
}

/** Stops `server` gracefully, then closes the resources. Resolves when everything is closed. */
export async function shutdownGracefully(server: Server, options: GracefulShutdownOptions): Promise<void> {
  const graceMs = options.graceMs ?? 10_000;
  const started = Date.now();
  // Responses written from now on ask the client to close the connection.
  server.on('request', (_req, res) => res.setHeader('Connection', 'close'));
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // A connection that finishes its request becomes idle: close those as they appear.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const cut = setTimeout(() => {
    options.logger.warn({ event: 'shutdown_cut', graceMs }, 'grace period over: closing the remaining connections');
    server.closeAllConnections();
  }, graceMs);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(cut);
  }
  try {
    await options.closeResources();
  } catch (error) {
    options.logger.error(
      { event: 'shutdown_error', err: { message: (error as Error).message } },
      'error while closing resources',
    );
  }
  options.logger.info({ event: 'shutdown_done', ms: Date.now() - started }, 'stopped');
}

/**
 * Installs SIGTERM/SIGINT handlers that run `shutdownGracefully` and then exit (0 on a clean stop).
 * Returns a function that removes the handlers.
 */
export function onTerminationSignals(
  server: Server,
  options: GracefulShutdownOptions & { exit?: (code: number) => void },
): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.logger.warn({ event: 'shutdown_forced', signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    options.logger.info(
      { event: 'shutdown', signal },
      `received ${signal}: finishing in-flight requests, then stopping`,
    );
    shutdownGracefully(server, options).then(
      () => exit(0),
      () => exit(1),
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}
