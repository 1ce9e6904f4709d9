/**
 * Renders a preset's BFF config as the YAML an operator would write (DESIGN.md "BFF
 * configuration"), with every secret replaced by a `${ENV}` reference: the site shows it so a
 * newcomer can copy a working config, and the run's real secrets never reach the browser.
 */

const SECRET_KEYS = {
  adminPassword: 'OCI_PASSWORD',
  servicePassword: 'VZL_PASSWORD',
  apiKey: 'DP_API_KEY',
  appId: 'AUTHING_APP_ID',
  userPoolId: 'AUTHING_POOL_ID',
  adminUserId: 'OCI_USER',
  serviceUser: 'VZL_USER',
};

function scalar(value) {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const s = String(value);
  // Plain only when unambiguous; `${ENV}` is quoted because `{}` are YAML flow indicators.
  // `+1555` / `-1` / `.5` would read back as numbers: quoted too.
  return /^[\w./:@+-]+$/.test(s) && !/^(true|false|null|yes|no|~|[+-]?\.?\d.*)$/i.test(s) ? s : JSON.stringify(s);
}

function flow(obj) {
  return `{ ${Object.entries(obj)
    .map(([k, v]) => `${k}: ${scalar(v)}`)
    .join(', ')} }`;
}

function block(value, indent) {
  const pad = ' '.repeat(indent);
  const lines = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) lines.push(`${pad}${key}: [${v.map(scalar).join(', ')}]`);
    else if (v && typeof v === 'object') {
      const simple = Object.values(v).every((x) => x === null || typeof x !== 'object');
      if (simple && Object.keys(v).length <= 4) lines.push(`${pad}${key}: ${flow(v)}`);
      else lines.push(`${pad}${key}:`, ...block(v, indent + 2));
    } else lines.push(`${pad}${key}: ${scalar(v)}`);
  }
  return lines;
}

/** @param {Record<string, any>} config a BFF config object (the run's values) */
export function configYaml(config) {
  const connectors = Object.fromEntries(
    Object.entries(config.connectors).map(([name, c]) => [
      name,
      Object.fromEntries(Object.entries(c).map(([k, v]) => [k, SECRET_KEYS[k] ? `\${${SECRET_KEYS[k]}}` : v])),
    ]),
  );
  const shown = {
    basePath: '/auth',
    allowedOrigins: ['https://app.example.com'],
    session: { secrets: ['${SESSION_SECRET}'], cookie: { name: '__Host-auth', sameSite: 'strict', secure: true } },
    methods: config.methods,
    connectors,
  };
  return `${block(shown, 0).join('\n')}\n# (the demo: simulators on loopback ports, plain-HTTP cookie, per-run secrets)`;
}
