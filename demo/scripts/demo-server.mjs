/**
 * The whole demo on ONE origin: the browser talks to a single node:http server that routes
 *
 *   /auth/<preset>/*  → that preset's BFF (`createBff` from @auth-login/bff, mounted in its own Koa
 *                       app with its own basePath, session secret and cookie name)
 *   /demo/presets     → the presets, their tabs and demo accounts (JSON, for the site and the tests)
 *   /demo/inbox       → the codes the simulators "sent" by SMS / email (JSON)
 *   /demo/metrics/<preset> → that preset's Prometheus scrape, read from the BFF's own metrics
 *                       listener on loopback (a demo convenience for the page's Metrics panel: an
 *                       operator never exposes the scrape on the site's origin; the BFF itself
 *                       serves metrics only on that separate listener, never under basePath)
 *   everything else   → Vite in middleware mode (the site in this folder)
 *
 * One origin means the session cookie is first-party and the BFF's CSRF origin check sees the
 * page's own origin, exactly as in a production deployment behind one reverse proxy.
 */
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import * as bffPackage from '@auth-login/bff';
import Koa from 'koa';
import { closeServer, listenWithFallback, sendJson } from './listen.mjs';
import { applyIdentifierLabels } from './labels.mjs';
import { demoLogStream } from './log.mjs';
import { buildPresets, runSecrets } from './presets.mjs';
import { mintTokens } from './tokens.mjs';
import { readInbox, startSimulators } from './systems.mjs';

const demoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * @param {{ port?: number, host?: string, quiet?: boolean, bff?: typeof bffPackage }} [options]
 *   port 0 = any free port (tests); otherwise the port, or the next free one if it is taken.
 *   bff: the BFF package to mount (default @auth-login/bff).
 * Rejects (after closing what it started) when any preset cannot start.
 */
export async function startDemo({ port = 5173, host = '127.0.0.1', quiet = false, bff = bffPackage } = {}) {
  const cleanups = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
    cleanups.length = 0;
  };
  try {
    const secrets = runSecrets();
    const simulators = await startSimulators({
      host: '127.0.0.1',
      options: {
        digipass: { apiKey: secrets.digipassApiKey },
        authing: { appId: secrets.authingAppId, userPoolId: secrets.authingPoolId },
      },
    });
    cleanups.push(() => simulators.close());

    const server = http.createServer();
    server.on('request', (_req, res) => sendJson(res, 503, { error: 'starting' }));
    const actualPort = await listenWithFallback(server, { port, host });
    cleanups.push(() => closeServer(server));
    const origins = [`http://localhost:${actualPort}`, `http://127.0.0.1:${actualPort}`];

    const registry = bff.connectorRegistry;
    const registered = registry ? new Set(Object.keys(registry)) : undefined;
    const presets = buildPresets(simulators.running, { origins, secrets, registered });
    const bffs = mountBffs(bff, presets, { quiet });
    cleanups.push(() => bffs.close());
    // Every preset must run: a demo with a silently missing system would hide a broken build.
    const broken = presets.filter((p) => !p.available);
    if (broken.length)
      throw new Error(
        `${broken.length} preset(s) cannot start:\n${broken.map((p) => `  - ${p.id}: ${p.note ?? 'unknown reason'}`).join('\n')}`,
      );

    const { createServer } = await import('vite');
    const vite = await createServer({
      configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
      root: demoRoot,
      appType: 'mpa',
      logLevel: quiet ? 'silent' : 'warn',
      clearScreen: false,
      // HMR shares our port (no second well-known port left open by a test run).
      server: { middlewareMode: true, ws: { server } },
    });
    cleanups.push(() => vite.close());

    const publicPresets = presets.map(toPublicPreset);
    server.removeAllListeners('request');
    server.on('request', (req, res) => {
      const { pathname } = new URL(req.url ?? '/', 'http://demo.invalid');
      if (pathname.startsWith('/auth/')) {
        const handler = bffs.handlers.get(pathname.split('/')[2] ?? '');
        if (handler) return handler(req, res);
        return sendJson(res, 404, { error: { code: 'not_found', message: 'No such preset.' } });
      }
      if (pathname === '/demo/presets') {
        return void mintTokens(publicPresets, simulators.running).then(
          (presets) => sendJson(res, 200, { presets }),
          () => sendJson(res, 200, { presets: publicPresets }),
        );
      }
      if (pathname === '/demo/inbox') return sendJson(res, 200, { messages: readInbox(simulators.running) });
      if (pathname.startsWith('/demo/metrics/')) return forwardMetrics(req, res, bffs.metricsUrls, pathname);
      vite.middlewares(req, res);
    });

    const url = `http://localhost:${actualPort}/`;
    await applyIdentifierLabels(publicPresets, `http://127.0.0.1:${actualPort}/`);
    return {
      url,
      /** 127.0.0.1 form, for clients that must not depend on how `localhost` resolves. */
      ipUrl: `http://127.0.0.1:${actualPort}/`,
      port: actualPort,
      presets: publicPresets,
      missingSimulators: simulators.missing,
      simulators: simulators.running,
      close: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/**
 * One Koa app per preset: separate apps keep each BFF's keys, session store and limits apart,
 * the way two unrelated sites would be. A preset whose BFF refuses its config (e.g. its connector
 * type is not registered) is marked unavailable with the reason; startDemo then refuses to start.
 */
function mountBffs(bff, presets, { quiet }) {
  const handlers = new Map();
  /** preset id → promise of its BFF's metrics listener URL (`http://127.0.0.1:<port>`). */
  const metricsUrls = new Map();
  const closers = [];
  for (const preset of presets) {
    if (!preset.available) continue;
    try {
      const middleware = bff.createBff(preset.config, { logger: demoLogStream(preset.id, { quiet }) });
      const app = new Koa();
      app.silent = true;
      app.use(middleware);
      handlers.set(preset.id, app.callback());
      if (middleware.metricsUrl) {
        // Observed here so a listener that failed to bind is no unhandled rejection; the proxy reports it.
        middleware.metricsUrl.catch(() => {});
        metricsUrls.set(preset.id, middleware.metricsUrl);
      }
      closers.push(() => middleware.close());
    } catch (err) {
      preset.available = false;
      preset.note = `The BFF refused this preset: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return {
    handlers,
    metricsUrls,
    async close() {
      await Promise.allSettled(closers.map((fn) => fn()));
    },
  };
}

/** What the browser may see about a preset: never the BFF config (it holds the run's secrets). */
function toPublicPreset(preset) {
  return {
    id: preset.id,
    label: preset.label,
    description: preset.description,
    endpoint: `/auth/${preset.id}`,
    available: preset.available,
    note: preset.note,
    tabs: preset.tabs,
    yaml: preset.yaml,
  };
}

/**
 * GET /demo/metrics/<preset>: that preset's scrape, fetched from its metrics listener on loopback
 * and passed through as text (what Prometheus would read). Only GET/HEAD; 404 for an unknown preset;
 * 502 when the listener does not answer (within 5 s).
 */
function forwardMetrics(req, res, metricsUrls, pathname) {
  const id = pathname.slice('/demo/metrics/'.length);
  const url = metricsUrls.get(id);
  if (!url) return sendJson(res, 404, { error: { code: 'not_found', message: 'No metrics for this preset.' } });
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'GET only.' } });
  }
  url
    .then((base) => fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5000) }))
    .then(async (upstream) => {
      if (!upstream.ok) throw new Error(`HTTP ${upstream.status}`);
      const body = await upstream.text();
      res.writeHead(200, {
        'content-type': upstream.headers.get('content-type') ?? 'text/plain; version=0.0.4; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-length': Buffer.byteLength(body),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    })
    .catch((err) =>
      sendJson(res, 502, {
        error: {
          code: 'metrics_unavailable',
          message: `The metrics listener did not answer: ${err instanceof Error ? err.message : String(err)}`,
        },
      }),
    );
}
