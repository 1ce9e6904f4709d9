/**
 * Turns a config file (YAML or JSON) or object into a validated `BffConfig`.
 * Errors name the key path and never a value (docs/architecture.md: "a message that points at the key").
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { METHODS, type SignInMethod } from '../methods.js';
import { parseDuration } from '../shared/duration.js';
import { substituteEnv } from './env.js';
import { configSchema, createConfigSchema, type BffConfig, type ParsedConnector } from './schema.js';

export class ConfigError extends Error {
  /** One line per problem: `path.to.key: what is wrong`. */
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * What validating a config needs to know of each connector type: the schema of its entry and the
 * methods it can serve. The built-in registry (connectors/index.ts) is one; the package's entry
 * points pass it in, so validating a file loads no connector code.
 */
export type ConnectorTypes = Record<string, { schema: z.ZodType; methods: readonly string[] }>;

export interface ParseOptions {
  /** Connector types to validate `connectors` entries against. */
  registry: ConnectorTypes;
  /** The sign-in method table (default: the built-in one, methods.ts). */
  methods?: readonly SignInMethod[];
  /**
   * Connector names supplied as instances (createBff's `options.connectors`, a testing seam):
   * `methods` may point at them without a `connectors` entry.
   */
  injectedConnectors?: string[];
}

const PARSED = Symbol.for('auth-login.bff.parsed-config');
/** Keys whose string values are secrets even when written inline (not from `${ENV}`). */
const SECRET_KEY = /(password|secret|apikey|api_key|token|credential)s?$/i;

export function isParsedConfig(value: unknown): value is BffConfig {
  return typeof value === 'object' && value !== null && PARSED in value;
}

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

function describeIssues(issues: z.core.$ZodIssue[], prefix: ReadonlyArray<PropertyKey> = []): string[] {
  return issues.map((issue) => {
    const path = pathOf([...prefix, ...issue.path]);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${pathOf([...prefix, ...issue.path, key])}: unknown key`).join('\n  ');
    }
    return `${path || '(root)'}: ${issue.message}`;
  });
}

function collectSecretValues(value: unknown, key = '', out: string[] = []): string[] {
  if (typeof value === 'string' && SECRET_KEY.test(key) && value.length > 0) out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collectSecretValues(item, key, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectSecretValues(v, k, out);
  }
  return out;
}

const PLACEHOLDER_PROBLEM = 'is a placeholder or a weak value (changeme, one repeated character...): set a real secret';
/** Words that are never a real secret, whole or as the repeated unit of a padded value. */
const PLACEHOLDERS = new Set([
  'changeme',
  'changeit',
  'changethis',
  'replaceme',
  'password',
  'passw0rd',
  'secret',
  'default',
  'example',
  'placeholder',
  'todo',
  'fixme',
  'test',
  'admin',
  'sample',
  'dummy',
  'none',
  'null',
  'undefined',
  'apikey',
  'letmein',
  'qwerty',
]);

/**
 * A secret that is clearly no secret: one of the placeholder words (case, punctuation and a
 * `my` prefix ignored), any text with `changeme` / `replaceme` / `placeholder` in it or starting
 * with `your`, or
 * the same short unit repeated (`aaaa...`, `abcabc...`, `changemechangeme...`, `123412341234`).
 */
export function isPlaceholder(value: string): boolean {
  const word = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (word.length === 0) return value.length > 0;
  // Template text: `changeme...`, `your-api-key-here`, `<placeholder>`.
  if (/changeme|replaceme|placeholder|changethis|^your/.test(word)) return true;
  const bare = word.replace(/^(your|my)/, '');
  if (PLACEHOLDERS.has(word) || PLACEHOLDERS.has(bare)) return true;
  // A value made of one unit repeated (at least twice): a character, a short pattern or a word.
  const unit = /^(.{1,12}?)\1+$/.exec(word)?.[1];
  if (unit !== undefined && (unit.length <= 4 || PLACEHOLDERS.has(unit))) return true;
  return false;
}

/** Every secret-named string of a connector entry (adminPassword, servicePassword, apiKey...). */
function placeholderSecrets(value: unknown, path: string, problems: string[], key = ''): void {
  if (typeof value === 'string') {
    if (SECRET_KEY.test(key) && value.length > 0 && isPlaceholder(value))
      problems.push(`${path}: ${PLACEHOLDER_PROBLEM}`);
  } else if (Array.isArray(value)) value.forEach((item, i) => placeholderSecrets(item, `${path}[${i}]`, problems, key));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) placeholderSecrets(v, `${path}.${k}`, problems, k);
  }
}

function parseConnector(
  name: string,
  entry: Record<string, unknown>,
  registry: ConnectorTypes,
  problems: string[],
): ParsedConnector | undefined {
  const type = String(entry.type);
  const registration = findType(type, registry);
  if (!registration) {
    const known = Object.keys(registry).join(', ') || 'none registered';
    problems.push(`connectors.${name}.type: unknown connector type "${type}" (known: ${known})`);
    return undefined;
  }
  // The registry key decides the type; a schema that declares `type` itself gets it back.
  const { type: _type, ...rest } = entry;
  const shape = (registration.schema as { shape?: Record<string, unknown> }).shape;
  const result = registration.schema.safeParse(shape && 'type' in shape ? entry : rest);
  if (!result.success) {
    problems.push(...describeIssues(result.error.issues, ['connectors', name]));
    return undefined;
  }
  const output = result.data as { timeout?: unknown };
  let timeout = 5_000;
  if (typeof output.timeout === 'number') timeout = output.timeout;
  else if (typeof output.timeout === 'string') timeout = parseDuration(output.timeout);
  return { type, timeout, config: result.data };
}

/** Looks a type up without falling through to Object.prototype (`type: constructor`). */
const findType = (type: string, registry: ConnectorTypes) =>
  Object.hasOwn(registry, type) ? registry[type] : undefined;

/** Validates a config object (already read from YAML/JSON). Throws ConfigError. */
export function parseConfig(input: unknown, env: Record<string, string | undefined>, options: ParseOptions): BffConfig {
  const { registry } = options;
  const methods = options.methods ?? METHODS;
  const schema = methods === METHODS ? configSchema : createConfigSchema(methods);
  const substituted = substituteEnv(input, env);
  const problems = substituted.missing.map(({ path, name }) => `${path}: environment variable ${name} is not set`);
  if (problems.length) throw new ConfigError(problems);

  const result = schema.safeParse(substituted.value);
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues));
  const base = result.data;

  const connectors: Record<string, ParsedConnector> = {};
  for (const [name, entry] of Object.entries(base.connectors)) {
    const parsed = parseConnector(name, entry, registry, problems);
    if (parsed) connectors[name] = parsed;
  }

  const injected = new Set(options.injectedConnectors ?? []);
  for (const { id: method } of methods) {
    const ref = (base.methods as BffConfig['methods'])[method]?.connector;
    if (!ref || injected.has(ref)) continue;
    if (!Object.hasOwn(base.connectors, ref)) {
      problems.push(`methods.${method}.connector: no connector named "${ref}" in connectors`);
      continue;
    }
    const parsed = connectors[ref];
    const registration = parsed && findType(parsed.type, registry);
    if (registration && !registration.methods.includes(method)) {
      problems.push(`methods.${method}.connector: connector "${ref}" (${parsed.type}) cannot serve ${method}`);
    }
  }
  base.session.secrets.forEach((secret, i) => {
    if (isPlaceholder(secret)) problems.push(`session.secrets[${i}]: ${PLACEHOLDER_PROBLEM}`);
  });
  for (const [name, entry] of Object.entries(base.connectors))
    placeholderSecrets(entry, `connectors.${name}`, problems);
  if (problems.length) throw new ConfigError(problems);

  const secretValues = [
    ...new Set([...substituted.secrets, ...base.session.secrets, ...collectSecretValues(base.connectors)]),
  ];
  const config: BffConfig = { ...base, connectors, secretValues };
  Object.defineProperty(config, PARSED, { value: true });
  return config;
}

/*
 * docs/architecture.md writes `secrets: [${SESSION_SECRET}]`, but `{` is a flow indicator in YAML, so that
 * line is not valid YAML as written. Before parsing, each `${NAME}` becomes a plain-scalar-safe
 * marker; after parsing, the markers turn back into `${NAME}`, which parseConfig substitutes
 * (so a secret's own characters never reach the YAML parser).
 */
const MARKER = `envref${randomBytes(6).toString('hex')}`;
const MARKED = new RegExp(`${MARKER}(e?)_([A-Za-z_][A-Za-z0-9_]*)_${MARKER}`, 'g');

function protectEnvReferences(text: string): string {
  return text.replace(
    /(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
    (_m, escaped: string, name: string) => `${MARKER}${escaped ? 'e' : ''}_${name}_${MARKER}`,
  );
}

function restoreEnvReferences(value: unknown): unknown {
  if (typeof value === 'string')
    return value.replace(MARKED, (_m, escaped: string, name: string) => `${escaped ? '$' : ''}\${${name}}`);
  if (Array.isArray(value)) return value.map(restoreEnvReferences);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, key, {
        value: restoreEnvReferences(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** Reads FILE (YAML, or JSON, which is YAML too) and validates it. Throws ConfigError. */
export async function loadConfig(
  path: string,
  env: Record<string, string | undefined>,
  options: ParseOptions,
): Promise<BffConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let raw: unknown;
  try {
    // uniqueKeys: a duplicated key is an error, not a silent override.
    raw = restoreEnvReferences(parseYaml(protectEnvReferences(text), { uniqueKeys: true, prettyErrors: true }));
  } catch (error) {
    // The YAML error names line and column; it quotes no value beyond the offending line.
    const { linePos } = error as { linePos?: Array<{ line: number; col: number }> };
    const where = linePos?.[0] ? `line ${linePos[0].line}, column ${linePos[0].col}` : 'syntax';
    throw new ConfigError([`${path}: not valid YAML/JSON (${where})`]);
  }
  return parseConfig(raw ?? {}, env, options);
}
