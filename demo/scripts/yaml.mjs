/**
 * Renders a preset's BFF config as the YAML an operator would write (docs/architecture.md "BFF
 * configuration"), with every secret replaced by a `${ENV}` reference: the site shows it so a
 * newcomer can copy a working config, and the run's real secrets never reach the browser.
 */
import { Document, isPair, isScalar, visit } from 'yaml';

const SECRET_KEYS = {
  adminPassword: 'OCI_PASSWORD',
  servicePassword: 'VZL_PASSWORD',
  apiKey: 'DP_API_KEY',
  appId: 'AUTHING_APP_ID',
  userPoolId: 'AUTHING_POOL_ID',
  adminUserId: 'OCI_USER',
  serviceUser: 'VZL_USER',
};

/**
 * The YAML text of `value`, written by the `yaml` package (so every scalar is quoted when it must
 * be: `@…`, `${NAME}`, `: `, `#`, quotes…). Lists of scalars and small maps of scalars are written
 * in flow style (`[a, b]`, `{ k: v }`), the rest in block style, the way a person writes a config.
 * @param {unknown} value
 */
export function toYaml(value) {
  const doc = new Document(value);
  const scalarsOnly = (node) => node.items.every((item) => isScalar(isPair(item) ? item.value : item));
  visit(doc, {
    Seq(_, node) {
      if (scalarsOnly(node)) node.flow = true;
    },
    Map(_, node) {
      if (node !== doc.contents && node.items.length <= 4 && scalarsOnly(node)) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
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
    // Prometheus metrics on a private listener of their own (docs/operations.md "Metrics").
    ...(config.metrics ? { metrics: { listen: { host: '127.0.0.1', port: 9464 } } } : {}),
    methods: config.methods,
    connectors,
  };
  return `${toYaml(shown)}# (the demo: simulators on loopback ports, plain-HTTP cookie, per-run secrets, metrics on a free loopback port)`;
}
