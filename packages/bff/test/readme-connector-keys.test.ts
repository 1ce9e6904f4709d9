/**
 * packages/bff/README.md documents every connector's keys in one table per connector type
 * (`<!-- connector-keys: TYPE -->`). This compares each table's key column with the keys of the
 * config schema registered for that type, read from the schema at test time (whatever its shape:
 * an object, an object extended from a shared one, an intersection, a union or a pipe), so neither
 * can change without the other. It also loads every BFF config example of this page and the root
 * README with loadConfig, so none of them is invalid as pasted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/index.js';
import { connectorRegistry } from '../src/connectors/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const rootReadme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** TYPE → the keys in its table's first column. */
function documentedKeys(): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  const re = /<!-- connector-keys: ([\w-]+) -->\n([\s\S]*?)<!-- \/connector-keys -->/g;
  for (const [, type, table] of readme.matchAll(re)) {
    const keys = table!
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => /^\| `([^`]+)`/.exec(line)![1]!);
    tables.set(type!, keys);
  }
  return tables;
}

interface Def {
  type: string;
  shape?: Record<string, unknown>;
  in?: Schemaish;
  left?: Schemaish;
  right?: Schemaish;
  options?: Schemaish[];
  innerType?: Schemaish;
  getter?: () => Schemaish;
}
interface Schemaish {
  _zod: { def: Def };
}

/** The top-level keys a zod (v4) schema accepts. */
function schemaKeys(schema: Schemaish): Set<string> {
  const def = schema._zod.def;
  switch (def.type) {
    case 'object':
      return new Set(Object.keys(def.shape ?? {}));
    case 'pipe':
      return schemaKeys(def.in!);
    case 'intersection':
      return new Set([...schemaKeys(def.left!), ...schemaKeys(def.right!)]);
    case 'union':
      return new Set(def.options!.flatMap((o) => [...schemaKeys(o)]));
    case 'lazy':
      return schemaKeys(def.getter!());
    default:
      if (def.innerType) return schemaKeys(def.innerType);
      throw new Error(`cannot list the keys of a zod ${def.type} schema`);
  }
}

describe('packages/bff/README.md connector key tables', () => {
  const tables = documentedKeys();

  it('has one table per registered connector type, and none for an unknown type', () => {
    expect([...tables.keys()].sort()).toEqual(Object.keys(connectorRegistry).sort());
  });

  for (const [type, registration] of Object.entries(connectorRegistry)) {
    it(`${type}: the table lists exactly the schema's keys`, () => {
      const documented = tables.get(type) ?? [];
      expect(new Set(documented).size, `a key is listed twice in the ${type} table`).toBe(documented.length);
      const keys = [...schemaKeys(registration.schema as unknown as Schemaish)].filter((k) => k !== 'type');
      expect([...documented].sort()).toEqual(keys.sort());
    });
  }
});

describe('every config file the READMEs show is valid', () => {
  const env = {
    SESSION_SECRET: 'readme-keys-test-secret-0123456789-abcdefghij',
    OCI_USER: 'admin@example.com',
    OCI_PASSWORD: 'adminSecret',
    DP_API_KEY: 'demo-frontend-api-key',
  };
  const blocks = [
    ...[...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => ['packages/bff/README.md', m[1]!]),
    ...[...rootReadme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => ['README.md', m[1]!]),
  ].filter(([, text]) => /^(listen|methods|connectors):/m.test(text!));

  it('finds the configuration examples (this page, the root README: real system, local development)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  for (const [i, [file, text]] of blocks.entries()) {
    it(`${file} config example #${i + 1} loads`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bff-readme-'));
      try {
        writeFileSync(join(dir, 'bff.yaml'), text!);
        const config = await loadConfig(join(dir, 'bff.yaml'), env);
        expect(Object.keys(config.methods).length).toBeGreaterThan(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
