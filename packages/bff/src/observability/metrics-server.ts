/**
 * The metrics listener: its own HTTP server on `metrics.listen` (never the API's listener, never
 * under basePath, so the widget's origin cannot reach it). GET /metrics answers the Prometheus
 * text format; everything else is 404. Bind it to a private interface: it is not authenticated.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BffMetrics } from './metrics.js';

export interface MetricsServer {
  /** Resolves `http://host:port` once listening; rejects if the address cannot be bound. */
  readonly listening: Promise<string>;
  close(): Promise<void>;
}

export function startMetricsServer(
  metrics: BffMetrics,
  listen: { host: string; port: number },
  onError: (error: unknown) => void,
): MetricsServer {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    metrics.scrape().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        onError(error);
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
      },
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  const listening = new Promise<string>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      server.on('error', onError);
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${host}:${address.port}`);
    });
  });
  listening.catch(onError);
  let closing: Promise<void> | undefined;
  return {
    listening,
    close: () =>
      (closing ??= listening.then(
        () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
        () => undefined,
      )),
  };
}
