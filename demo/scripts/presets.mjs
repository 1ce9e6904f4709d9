/**
 * The demo's presets: one BFF config per identity system (and a mixed one), built from the
 * running simulators' addresses and this run's secrets. The shapes are docs/architecture.md's config.
 *
 * Each preset also describes its tabs for people and tests: which system serves the tab, the
 * widget's English labels (docs/architecture.md "The widget"), the demo account to use and a credential that
 * fails. Codes sent by SMS/email are read from the inbox (`delivery: 'inbox'`).
 */
import { randomBytes } from 'node:crypto';
import { configYaml } from './yaml.mjs';

const secret = () => randomBytes(32).toString('base64url');

/** Per-run secrets shared with the simulators (they must agree with the connectors). */
export function runSecrets() {
  return {
    digipassApiKey: secret(),
    authingAppId: randomBytes(12).toString('hex'),
    authingPoolId: randomBytes(12).toString('hex'),
  };
}

/** Connector entries (docs/architecture.md), keyed by system, from the running simulators. */
function connectorsFor(running, secrets) {
  const out = {};
  const bw = running.get('broadworks')?.sim;
  if (bw) {
    const admin = { adminUserId: 'admin@example.com', adminPassword: 'adminSecret' };
    out.bw = {
      type: 'broadworks-oci',
      transport: 'tcp',
      host: bw.host,
      port: bw.port,
      tls: false,
      ...admin,
      // The demo offers the phone number + voice-portal passcode sign-in too.
      passcodeLogin: true,
    };
    if (bw.soapUrl)
      out.bws = { type: 'broadworks-oci', transport: 'soap', url: bw.soapUrl, ...admin, passcodeLogin: true };
  }
  const vz = running.get('vzl')?.sim;
  if (vz) {
    out.vz = {
      type: 'vzl-agent',
      host: vz.host,
      port: vz.port,
      tls: false,
      serviceUser: 'vzlservice',
      servicePassword: 'vzl-service-secret',
      realm: '3e761571-6607-1344-a064-a42679da8ed9', // the "Virtuozzo Internal" realm (docs/protocols/vzl-agent.md §4.1)
    };
  }
  const dp = running.get('digipass')?.sim;
  if (dp) out.dp = { type: 'digipass-gateway', url: dp.url, apiKey: secrets.digipassApiKey, domain: 'mydomain.com' };
  const au = running.get('authing')?.sim;
  if (au) out.au = { type: 'authing', appHost: au.url, appId: secrets.authingAppId, userPoolId: secrets.authingPoolId };
  const iam = running.get('openiam')?.sim;
  if (iam)
    out.iam = {
      type: 'openiam',
      url: iam.url,
      // Who may receive a code: the demo accounts' domain and numbers.
      addresses: { emailDomains: ['example.com'], phonePrefixes: ['+1555'] },
    };
  return out;
}

/** Tab descriptions, one per (system, method). */
const TABS = {
  bwPassword: (system) => ({
    method: 'password',
    tabName: 'Password',
    system,
    identifierLabel: 'User ID or phone number',
    secretLabel: 'Password',
    delivery: 'typed',
    accounts: [
      {
        identifier: 'alice@example.com',
        secret: 'alice-password1',
        note: 'user ID + password → Alice Smith',
        signedInAs: 'Alice Smith',
      },
      {
        identifier: '+1-2025550123',
        secret: '1234',
        note: 'phone number + voice-portal passcode → Alice',
        signedInAs: 'Alice Smith',
      },
      {
        identifier: 'eve@example.com',
        secret: 'eve-password1',
        note: 'her password expires in 5 days: signed in, with a notice',
        signedInAs: 'Eve Expiring',
        notice: 'Your password expires in 5 days.',
      },
    ],
    wrong: { identifier: 'alice@example.com', secret: 'not-her-password', expectedCode: 'invalid_credentials' },
  }),
  bwToken: (system) => ({
    method: 'token',
    tabName: 'Token',
    system,
    secretLabel: 'Token',
    delivery: 'typed',
    accounts: [
      {
        identifier: '',
        secret: 'alice-login-token',
        note: 'a BroadWorks loginToken → Alice',
        signedInAs: 'Alice Smith',
      },
    ],
    wrong: { identifier: '', secret: 'no-such-login-token', expectedCode: 'invalid_token' },
  }),
  vzPassword: () => ({
    method: 'password',
    tabName: 'Password',
    system: 'Virtuozzo (VZL agent)',
    identifierLabel: 'Username',
    secretLabel: 'Password',
    delivery: 'typed',
    accounts: [
      {
        identifier: 'webadmin',
        secret: 'hosting-password1',
        note: 'a user of the "Virtuozzo Internal" realm',
        signedInAs: 'webadmin',
      },
      { identifier: 'zoë.müller', secret: 'pässwörd-ü', note: 'non-ASCII name and password', signedInAs: 'zoë.müller' },
    ],
    wrong: { identifier: 'webadmin', secret: 'wrong-password', expectedCode: 'invalid_credentials' },
  }),
  dpOtp: () => ({
    method: 'otp',
    tabName: 'OTP',
    system: 'OneSpan DIGIPASS Gateway',
    identifierLabel: 'User ID',
    secretLabel: 'One-time password',
    delivery: 'typed',
    accounts: [
      {
        identifier: 'dora',
        secret: '012345',
        note: 'the code of her (simulated, fixed-code) DIGIPASS token',
        signedInAs: 'Dora',
      },
      { identifier: 'jane.doe', secret: '654321', note: 'org unit "sales"', signedInAs: 'jane.doe' },
    ],
    wrong: { identifier: 'dora', secret: '999999', expectedCode: 'invalid_code' },
  }),
  auPassword: () => ({
    method: 'password',
    tabName: 'Password',
    system: 'Authing',
    identifierLabel: 'Username or email or phone number',
    secretLabel: 'Password',
    delivery: 'typed',
    accounts: [
      {
        identifier: 'ada@example.com',
        secret: 'authing-password1',
        note: 'also username "ada" or phone +8613800138000',
        signedInAs: 'Ada',
      },
      { identifier: 'grace', secret: 'authing-password2', note: 'a username', signedInAs: 'Grace Hopper' },
      {
        identifier: 'mia@example.com',
        secret: 'authing-password4',
        note: 'a second step: the authenticator code below, or a code by text message / email (in the inbox)',
        signedInAs: 'Mia',
        secondStep: { method: 'totp', label: 'Authenticator code', code: '123456' },
      },
    ],
    wrong: { identifier: 'ada@example.com', secret: 'wrong-password', expectedCode: 'invalid_credentials' },
  }),
  auPhone: () => ({
    method: 'phone',
    tabName: 'Phone code',
    system: 'Authing',
    identifierLabel: 'Phone number',
    secretLabel: 'Verification code',
    delivery: 'inbox',
    accounts: [
      { identifier: '+8613800138000', secret: '', note: 'Ada: the SMS code arrives in the inbox', signedInAs: 'Ada' },
    ],
    wrong: { identifier: '+8613800138000', secret: '0000', expectedCode: 'invalid_code' },
  }),
  auToken: () => ({
    method: 'token',
    tabName: 'Token',
    system: 'Authing',
    secretLabel: 'Token',
    delivery: 'typed',
    // The secret is an id_token minted for Grace when the accounts are read (scripts/tokens.mjs).
    accounts: [
      {
        identifier: '',
        secret: '',
        note: 'an Authing id_token for Grace, fresh on every page load',
        mint: 'authing',
        signedInAs: 'Grace Hopper',
      },
    ],
    wrong: {
      identifier: '',
      secret: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.invalid',
      expectedCode: 'invalid_token',
    },
  }),
  iamPhone: () => ({
    method: 'phone',
    tabName: 'Phone code',
    system: 'OpenIAM',
    identifierLabel: 'Phone number',
    secretLabel: 'Verification code',
    delivery: 'inbox',
    accounts: [
      { identifier: '+15551234567', secret: '', note: 'the SMS code arrives in the inbox', signedInAs: '+15551234567' },
    ],
    wrong: { identifier: '+15551234567', secret: '000000', expectedCode: 'invalid_code' },
  }),
  iamOtp: () => ({
    method: 'otp',
    tabName: 'OTP',
    system: 'OpenIAM',
    identifierLabel: 'Email',
    secretLabel: 'One-time password',
    delivery: 'inbox',
    accounts: [
      {
        identifier: 'olivia@example.com',
        secret: '',
        note: 'the email code arrives in the inbox',
        signedInAs: 'olivia@example.com',
      },
    ],
    wrong: { identifier: 'olivia@example.com', secret: '000000', expectedCode: 'invalid_code' },
  }),
};

/** The presets: `methods` maps each tab to a connector name of `connectorsFor`. */
export const PRESETS = [
  {
    id: 'broadworks',
    label: 'BroadWorks',
    description: 'OCI-P over TCP: password, phone + passcode, token',
    methods: { password: 'bw', token: 'bw' },
    tabs: [TABS.bwPassword('BroadWorks OCI-P (TCP)'), TABS.bwToken('BroadWorks OCI-P (TCP)')],
  },
  {
    id: 'broadworks-soap',
    label: 'BroadWorks SOAP',
    description: 'OCI-P over SOAP: password, token',
    methods: { password: 'bws', token: 'bws' },
    tabs: [TABS.bwPassword('BroadWorks OCI-P (SOAP)'), TABS.bwToken('BroadWorks OCI-P (SOAP)')],
  },
  {
    id: 'virtuozzo',
    label: 'Virtuozzo',
    description: 'VZL agent: password in a realm',
    methods: { password: 'vz' },
    tabs: [TABS.vzPassword()],
  },
  {
    id: 'digipass',
    label: 'DIGIPASS',
    description: 'OneSpan gateway: one-time password',
    methods: { otp: 'dp' },
    tabs: [TABS.dpOtp()],
  },
  {
    id: 'authing',
    label: 'Authing',
    description: 'password, SMS code, id_token',
    methods: { password: 'au', phone: 'au', token: 'au' },
    tabs: [TABS.auPassword(), TABS.auPhone(), TABS.auToken()],
  },
  {
    id: 'openiam',
    label: 'OpenIAM',
    description: 'SMS code, email one-time code',
    methods: { phone: 'iam', otp: 'iam' },
    tabs: [TABS.iamPhone(), TABS.iamOtp()],
  },
  {
    id: 'mixed',
    label: 'Mixed',
    description: 'a different system behind each tab',
    methods: { password: 'vz', phone: 'au', otp: 'dp', token: 'bw' },
    tabs: [TABS.vzPassword(), TABS.auPhone(), TABS.dpOtp(), TABS.bwToken('BroadWorks OCI-P (TCP)')],
  },
];

/**
 * @param {Map<string, { sim: any }>} running the started simulators
 * @param {{ origins: string[], secrets: ReturnType<typeof runSecrets>, registered?: Set<string> }} opts
 *   `registered`: the connector types the BFF knows (absent = assume all).
 */
export function buildPresets(running, { origins, secrets, registered }) {
  const connectors = connectorsFor(running, secrets);
  return PRESETS.map((p) => {
    const names = [...new Set(Object.values(p.methods))];
    const missing = names.filter((n) => !connectors[n]);
    const unregistered = names.filter((n) => connectors[n] && registered && !registered.has(connectors[n].type));
    const config = {
      basePath: `/auth/${p.id}`,
      allowedOrigins: origins,
      session: {
        secrets: [secret()],
        // Plain-HTTP development: no `__Host-` prefix, no `Secure` (docs/architecture.md: an explicit opt-out).
        cookie: { name: `demo-${p.id}`, sameSite: 'strict', secure: false },
      },
      // Prometheus metrics on a loopback listener of its own (any free port), so the page's Metrics
      // panel can show the counters; scripts/demo-server.mjs forwards them at /demo/metrics/<preset>.
      metrics: { listen: { host: '127.0.0.1', port: 0 } },
      methods: Object.fromEntries(Object.entries(p.methods).map(([m, c]) => [m, { connector: c }])),
      connectors: Object.fromEntries(names.filter((n) => connectors[n]).map((n) => [n, connectors[n]])),
    };
    const note = missing.length
      ? `Not available yet: the ${missing.join(', ')} simulator is not built.`
      : unregistered.length
        ? `Not available yet: the BFF has no ${unregistered.map((n) => connectors[n].type).join(', ')} connector registered.`
        : undefined;
    return {
      id: p.id,
      label: p.label,
      description: p.description,
      tabs: structuredClone(p.tabs),
      config,
      available: !note,
      note,
      yaml: configYaml(config),
    };
  });
}
