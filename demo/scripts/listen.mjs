/**
 * Small node:http helpers for the demo server: listen with a fallback port, JSON replies, and a
 * close that leaves no socket behind (keep-alive connections would otherwise hold the port).
 */

/**
 * Listens on `port`; when it is taken (EADDRINUSE) tries the next few ports, then any free one.
 * `port: 0` asks the OS for a free port straight away (what the tests use).
 * @param {import('node:http').Server} server
 * @param {{ port: number, host: string, tries?: number }} opts
 * @returns {Promise<number>} the port it listens on
 */
export async function listenWithFallback(server, { port, host, tries = 10 }) {
  const candidates = port === 0 ? [0] : [...Array.from({ length: tries }, (_, i) => port + i), 0];
  let lastError;
  for (const candidate of candidates) {
    try {
      await new Promise((resolve, reject) => {
        /** @param {Error} err */
        const onError = (err) => {
          server.off('listening', onListening);
          reject(err);
        };
        const onListening = () => {
          server.off('error', onError);
          resolve(undefined);
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(candidate, host);
      });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : candidate;
    } catch (err) {
      lastError = err;
      if (err?.code !== 'EADDRINUSE') throw err;
    }
  }
  throw lastError;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
export function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Stops accepting, drops idle and open connections, resolves once the port is released. */
export function closeServer(server) {
  return new Promise((resolve) => {
    if (!server.listening) return resolve(undefined);
    server.close(() => resolve(undefined));
    server.closeIdleConnections?.();
    server.closeAllConnections?.();
  });
}
