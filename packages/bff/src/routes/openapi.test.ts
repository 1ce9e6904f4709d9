/** openapi.yaml describes exactly the routes the BFF serves (no drift either way). */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { METHODS } from '../methods.js';
import { apiRoutes } from './index.js';

it('openapi.yaml lists every route and method of the API (built from the method table), and nothing else', () => {
  const doc = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };
  expect(doc.openapi).toBe('3.1.0');
  const documented = Object.entries(doc.paths)
    .filter(([path]) => path !== '/healthz' && path !== '/readyz')
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((k) => ['get', 'post', 'put', 'delete', 'patch'].includes(k))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
  const served = Object.entries(apiRoutes(METHODS)).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => `${m} ${path}`),
  );
  expect(documented.sort()).toEqual(served.sort());
});
