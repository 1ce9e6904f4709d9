/**
 * startBff(config): the standalone server (bin/auth-bff.js, the demo). The BFF's Koa app as the
 * listener (a JSON 404 for every path it does not own), on Node's HTTP(S) server with tightened
 * limits for slow or oversized clients (docs/security.md J-01).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createBff, type BffMiddleware, type BffOptions } from './app.js';
import { isParsedConfig, parseConfig } from './config/parse.js';
import { connectorRegistry } from './connectors/index.js';
import { shutdownGracefully } from './lifecycle/graceful-shutdown.js';

export interface StartOptions extends BffOptions {
  /** Overrides `listen.port` (0 = any free port). */
  port?: number;
  /** Overrides `listen.host`. */
  host?: string;
  /** Longest wait for in-flight requests on shutdown, ms. Default 10 000. */
  shutdownGraceMs?: number;
}

export interface RunningBff {
  /** e.g. `http://127.0.0.1:8787` (the API is under `${url}${basePath}`). */
  url: string;
  server: http.Server | https.Server;
  bff: BffMiddleware;
  /** The metrics listener (`http://host:port`, GET /metrics) when `metrics` is configured. */
  metricsUrl?: string;
  /** Stops listening, drops open connections, closes the connectors. Idempotent. */
  close(): Promise<void>;
  /**
   * Graceful stop (lifecycle/graceful-shutdown.ts): stop accepting, let in-flight requests finish
   * (up to `shutdownGraceMs`), then close connectors (upstream sockets) and Redis. Idempotent.
   */
  shutdown(): Promise<void>;
}

export async function startBff(input: unknown, options: StartOptions = {}): Promise<RunningBff> {
  const { port, host, shutdownGraceMs, ...bffOptions } = options;
  const config = isParsedConfig(input)
    ? input
    : parseConfig(input, process.env, {
        registry: options.registry ?? connectorRegistry,
        ...(options.methods ? { methods: options.methods } : {}),
        injectedConnectors: Object.keys(options.connectors ?? {}),
      });
  const bff = createBff(config, bffOptions);
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => void bff.listener(req, res);
  const tls = config.listen.tls;
  const server = tls
    ? https.createServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, listener)
    : http.createServer(listener);
  // Slow clients are cut off (slowloris, slow bodies); Node's defaults are minutes.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 100;

  const listenHost = host ?? config.listen.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? config.listen.port, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${tls ? 'https' : 'http'}://${shownHost}:${address.port}`;
  const metricsUrl = await bff.metricsUrl?.catch(async (error: unknown) => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await bff.close();
    throw error;
  });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await bff.close();
    })());
  const shutdown = () =>
    (closing ??= shutdownGracefully(server, {
      closeResources: () => bff.close(),
      logger: bff.logger,
      graceMs: shutdownGraceMs ?? 10_000,
    }));
  return { url, server, bff, close, shutdown, ...(metricsUrl ? { metricsUrl } : {}) };
}
