/**
 * `${NAME}` substitution (docs/architecture.md "BFF configuration"): anywhere in a string value, replaced by
 * the environment variable NAME. A missing variable is an error that names the KEY PATH and the
 * variable's name, never a value. `$${NAME}` stays as the literal text `${NAME}`.
 *
 * Every substituted value is returned in `secrets`: values injected from the environment are
 * treated as secrets and scrubbed from every log line (log/logger.ts).
 */
export interface SubstitutionResult {
  value: unknown;
  secrets: string[];
  missing: Array<{ path: string; name: string }>;
}

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function substituteEnv(input: unknown, env: Record<string, string | undefined>): SubstitutionResult {
  const secrets: string[] = [];
  const missing: Array<{ path: string; name: string }> = [];

  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      return value.replace(REFERENCE, (_match, escaped: string, name: string) => {
        if (escaped) return `\${${name}}`;
        const found = Object.hasOwn(env, name) ? env[name] : undefined;
        if (found === undefined || found === '') {
          missing.push({ path, name });
          return '';
        }
        secrets.push(found);
        return found;
      });
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        // defineProperty: a `__proto__` key stays a plain (rejected-as-unknown) key, not a prototype.
        Object.defineProperty(out, key, {
          value: walk(item, path ? `${path}.${key}` : key),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return value;
  };

  return { value: walk(input, ''), secrets, missing };
}
