/** The config YAML the demo shows: written by the `yaml` package, so whatever it writes parses back. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configYaml, toYaml } from '../scripts/yaml.mjs';

const AWKWARD = [
  '@example.com',
  '@',
  ':colon',
  'key: value',
  'a:b',
  '#not-a-comment',
  'text # with hash',
  "'single'",
  '"double"',
  "it's",
  '${NAME}',
  '{ flow }',
  '[list]',
  '- dash',
  '* star',
  '&anchor',
  '!tag',
  '|',
  '>',
  '%directive',
  '`tick',
  'true',
  'no',
  'null',
  '~',
  '0123',
  '1e3',
  '',
  ' leading space',
  'trailing space ',
  'multi\nline',
  'tab\there',
  'unicode ✓ 中文',
];

describe('toYaml', () => {
  it('round-trips scalars that YAML gives a meaning to, in block and flow positions', () => {
    const value = {
      list: AWKWARD,
      small: { a: '@x', b: '${NAME}', c: ':y', d: '#z' },
      nested: Object.fromEntries(AWKWARD.map((s, i) => [`k${i}`, s])),
      numbers: { int: 42, float: 1.5, negative: -3, bool: false, nothing: null },
      deep: { list: [{ x: '@a' }, { y: ['"q"', "'r'"] }] },
      ['@key']: 'at-key',
      ['${KEY}']: 'dollar-key',
    };
    expect(parse(toYaml(value))).toEqual(value);
  });

  it('writes a config whose secrets are ${ENV} references, and which parses back', () => {
    const config = {
      methods: { password: { connector: 'oci' }, phone: { connector: 'authing' } },
      connectors: {
        oci: {
          type: 'broadworks-oci',
          host: '127.0.0.1',
          port: 2208,
          adminUserId: '@admin',
          adminPassword: 'p@ss: #1',
        },
        authing: { type: 'authing-v2', appId: 'app', userPoolId: 'pool', domains: ['@a.example', ':b'] },
      },
    };
    const text = configYaml(config);
    const parsed = parse(text) as {
      connectors: { oci: unknown; authing: { domains: unknown } };
      session: { secrets: string[] };
      methods: unknown;
    };
    expect(parsed.connectors.oci).toEqual({
      type: 'broadworks-oci',
      host: '127.0.0.1',
      port: 2208,
      adminUserId: '${OCI_USER}',
      adminPassword: '${OCI_PASSWORD}',
    });
    expect(parsed.connectors.authing.domains).toEqual(['@a.example', ':b']);
    expect(parsed.session.secrets).toEqual(['${SESSION_SECRET}']);
    expect(parsed.methods).toEqual(config.methods);
    expect(text).not.toContain('p@ss');
  });
});
