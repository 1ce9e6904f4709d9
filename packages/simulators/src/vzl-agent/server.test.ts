/**
 * Byte-level behaviour of the VZL agent simulator (docs/protocols/vzl-agent.md §2, §4, §8) through a raw socket,
 * so these tests see exactly what a client would.
 */
import net from 'node:net';
import tls from 'node:tls';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startVzlSimulator, VZL_INTERNAL_REALM, VZL_SYSTEM_REALM, type RunningVzlSimulator } from './index.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const login = (id: string, name = 'vzlservice', pw = 'vzl-service-secret') =>
  `<packet version="4.0.0" id="${id}"><data><system><login><name>${b64(name)}</name><realm>${VZL_SYSTEM_REALM}</realm><password>${b64(pw)}</password></login></system></data></packet>\0`;
const auth = (id: string, name: string, pw: string) =>
  `<packet version="4.0.0" id="${id}">\n<target>authm</target>\n<data>\n<authm>\n<authenticate>\n<name>${b64(name)}</name>\n<realm>${VZL_INTERNAL_REALM}</realm>\n<password>${b64(pw)}</password>\n</authenticate>\n</authm>\n</data>\n</packet>\0`;

/** A raw client: every chunk as received, frames split on NUL. */
class Raw {
  chunks: Buffer[] = [];
  closed = false;
  constructor(readonly socket: net.Socket) {
    socket.on('data', (c: Buffer) => this.chunks.push(c));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }
  get text() {
    return Buffer.concat(this.chunks).toString('utf8');
  }
  get frames() {
    return this.text.split('\0').slice(0, -1);
  }
  async waitFrames(n: number, ms = 3000) {
    const end = Date.now() + ms;
    while (this.frames.length < n) {
      if (Date.now() > end) throw new Error(`got ${this.frames.length} frames, wanted ${n}: ${this.text}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.frames;
  }
}

const open: net.Socket[] = [];
async function connect(sim: RunningVzlSimulator): Promise<Raw> {
  const s = net.connect(sim.port, sim.host);
  open.push(s);
  await new Promise((r) => s.once('connect', r));
  return new Raw(s);
}

describe('vzl-agent simulator', () => {
  let sim: RunningVzlSimulator;
  beforeAll(async () => {
    sim = await startVzlSimulator({ port: 0 });
  });
  afterEach(() => {
    sim.setScenario('ok');
    for (const s of open.splice(0)) s.destroy();
  });
  afterAll(() => sim.close());

  it('greets first with the synthetic packet of §2.2, then \\n\\0', async () => {
    const c = await connect(sim);
    const [g] = await c.waitFrames(1);
    expect(g).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?><packet version="4\.0\.0" id="0" priority="0">\n<origin>system<\/origin>\n<target>vzclient\d+-[0-9a-f-]{36}<\/target>\n<data>\n<system>\n<ok\/>\n<\/system>\n<\/data>\n<\/packet>\n$/,
    );
    expect(sim.url).toBe(`tcp://127.0.0.1:${sim.port}`);
  });

  it('answers login then authenticate sent in one write (leading NUL, declaration), echoing ids, shaped like §4.3', async () => {
    const c = await connect(sim);
    await c.waitFrames(1);
    c.socket.write(
      `\0${login('1')}<?xml version="1.0" encoding="UTF-8"?>\n${auth('2', 'webadmin', 'hosting-password1')}`,
    );
    const [, loginReply, authReply] = await c.waitFrames(3);
    expect(loginReply).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?><ns1:packet xmlns:ns\d="http.*id="1" time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000" priority="0" version="4\.0\.0">\n/,
    );
    expect(loginReply).toContain('<ns2:token xsi:type="ns3:tokenType">\n<ns3:user>AQUAAAAAIA');
    expect(authReply).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?><packet xmlns:ns3="http:\/\/www\.swsoft\.com\/webservices\/vzl\/4\.0\.0\/types" xmlns:ns1="http:\/\/www\.swsoft\.com\/webservices\/vzl\/4\.0\.0\/protocol" xmlns:ns2="http:\/\/www\.swsoft\.com\/webservices\/vzl\/4\.0\.0\/authm" xmlns:xsi="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance" id="2" time="[^"]+" priority="0" version="4\.0\.0">\n<ns1:origin>authm<\/ns1:origin>\n<ns1:target>vzclient/,
    );
    expect(authReply).toContain('</ns1:data>\n<ns1:src>\n<ns1:director>gend</ns1:director>\n</ns1:src>\n</packet>\n');
    expect(authReply).toContain('<ns3:privileges>\n<ns3:privilege>vzl.admin.read</ns3:privilege>\n</ns3:privileges>');
    expect(sim.calls.slice(-2).map((k) => k.kind)).toEqual(['system/login', 'authm/authenticate']);
  });

  it('errors are <error><code><message> under data/authm, byte-faithful to the §4.3 illustration', async () => {
    const c = await connect(sim);
    c.socket.write(
      login('1') +
        auth('7', 'webadmin', 'wrong') +
        auth('8', 'nobody', 'x') +
        auth('9', 'locked-user', 'hosting-password1'),
    );
    const [, , wrong, unknown, locked] = await c.waitFrames(5);
    const err = (code: number, msg: string) =>
      `<ns1:data>\n<ns2:authm>\n<ns1:error>\n<ns1:code>${code}</ns1:code>\n<ns1:message>${msg}</ns1:message>\n</ns1:error>\n</ns2:authm>\n</ns1:data>\n`;
    expect(wrong).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?><packet xmlns:ns2="[^"]+\/authm" xmlns:ns1="[^"]+\/protocol" id="7" /,
    );
    expect(wrong).toContain(err(1501, 'Authentication failed'));
    expect(unknown).toContain(err(1501, 'Authentication failed')); // no user enumeration
    expect(locked).toContain(err(1502, 'Account is disabled'));
  });

  it('only system/get_realm is allowed before system/login; system with a <target> is refused', async () => {
    const c = await connect(sim);
    c.socket.write(auth('3', 'webadmin', 'hosting-password1'));
    c.socket.write('<packet version="4.0.0" id="4"><data><system><get_realm/></system></data></packet>\0');
    c.socket.write(
      '<packet version="4.0.0" id="5"><target>system</target><data><system><get_realm/></system></data></packet>\0',
    );
    const [, notLogged, realms, targeted] = await c.waitFrames(4);
    expect(notLogged).toContain('<ns1:code>101</ns1:code>');
    expect(realms).toContain('<realm xsi:type="ns2:dir_realmType">\n<builtin/>\n<name>Virtuozzo Internal</name>');
    expect(realms).toContain(`<id>${VZL_SYSTEM_REALM}</id>`);
    expect(targeted).toContain('<ns1:code>102</ns1:code>');
  });

  it('records calls with the password redacted', async () => {
    const c = await connect(sim);
    c.socket.write(login('1') + auth('2', 'webadmin', 'hosting-password1'));
    await c.waitFrames(3);
    const text = JSON.stringify(sim.calls);
    expect(text).not.toContain('hosting-password1');
    expect(text).not.toContain(b64('hosting-password1'));
    expect(sim.calls.at(-1)?.summary).toContain('name="webadmin"');
  });

  it('refuses a name injected as markup (duplicate elements) and a DOCTYPE', async () => {
    const c = await connect(sim);
    c.socket.write(login('1'));
    c.socket.write(
      `<packet version="4.0.0" id="2"><target>authm</target><data><authm><authenticate><name>${b64('x')}</name><name>${b64('webadmin')}</name><realm>${VZL_INTERNAL_REALM}</realm><password>${b64('hosting-password1')}</password></authenticate></authm></data></packet>\0`,
    );
    c.socket.write(
      '<!DOCTYPE x [<!ENTITY a "b">]><packet id="3"><data><system><get_realm/></system></data></packet>\0',
    );
    const [, , dup, doctype] = await c.waitFrames(4);
    expect(dup).toContain('<ns1:code>100</ns1:code>');
    expect(doctype).toContain('<ns1:code>100</ns1:code>');
  });

  it("'unprefixed' has no prefixes; 'prefixed' prefixes the root too and rotates the nsN mapping", async () => {
    sim.setScenario('unprefixed');
    const a = await connect(sim);
    a.socket.write(login('1') + auth('2', 'webadmin', 'hosting-password1'));
    const fa = await a.waitFrames(3);
    expect(fa[2]).not.toMatch(/<\/?ns\d:/);
    expect(fa[2]).toContain('<token xsi:type="ns');
    sim.setScenario('prefixed');
    const b = await connect(sim);
    b.socket.write(
      login('1') + auth('2', 'webadmin', 'hosting-password1') + auth('3', 'webadmin', 'hosting-password1'),
    );
    const fb = await b.waitFrames(4);
    const protocolPrefix = (f: string) =>
      /xmlns:(ns\d)="http:\/\/www\.swsoft\.com\/webservices\/vzl\/4\.0\.0\/protocol"/.exec(f)?.[1];
    expect(fb[2]).toMatch(/^<\?xml[^>]+><ns\d:packet /);
    expect(fb[2]).toMatch(/\n<\/ns\d:packet>\n$/);
    expect(protocolPrefix(fb[2]!)).not.toBe(protocolPrefix(fb[3]!));
  });

  it("'split-writes' sends many small segments; 'coalesced' puts several replies in one write", async () => {
    sim.setScenario('split-writes');
    const a = await connect(sim);
    await a.waitFrames(1);
    expect(a.chunks.length).toBeGreaterThan(5); // one unsplit write would arrive as 1 chunk
    sim.setScenario('coalesced');
    const b = await connect(sim);
    b.socket.write(login('1'));
    await b.waitFrames(2);
    const before = b.chunks.length;
    b.socket.write(
      auth('2', 'webadmin', 'hosting-password1') + auth('3', 'webadmin', 'no') + auth('4', 'webadmin', 'no'),
    );
    await b.waitFrames(5);
    const nulsPerChunk = b.chunks.slice(before).map((ch) => ch.filter((x) => x === 0).length);
    expect(Math.max(...nulsPerChunk)).toBeGreaterThanOrEqual(2);
  });

  it("'agent-ids' answers with agent-generated ids (pitfall 6)", async () => {
    sim.setScenario('agent-ids');
    const c = await connect(sim);
    c.socket.write(login('1'));
    const [, reply] = await c.waitFrames(2);
    const id = / id="([^"]+)"/.exec(reply!)?.[1];
    expect(id).toMatch(/^[0-9a-f]+t[0-9a-f]+r[0-9a-f]+$/);
  });

  it('echoIds: false answers every packet with an agent-generated id, whatever the scenario', async () => {
    const other = await startVzlSimulator({ port: 0, echoIds: false, scenario: 'split-writes' });
    try {
      const c = await connect(other);
      c.socket.write(login('1') + auth('2', 'webadmin', 'hosting-password1'));
      const [, loginReply, authReply] = await c.waitFrames(3);
      for (const r of [loginReply!, authReply!])
        expect(/ id="([^"]+)"/.exec(r)?.[1]).toMatch(/^[0-9a-f]+t[0-9a-f]+r[0-9a-f]+$/);
      expect(authReply).toContain('token');
    } finally {
      await other.close();
    }
  });

  it('an account with a domain signs in only with that auth_nameType.domain (§5.1); the call shows it', async () => {
    const other = await startVzlSimulator({
      port: 0,
      accounts: [
        { identifier: 'vzlservice', secret: 'vzl-service-secret', realm: VZL_SYSTEM_REALM, note: 'service' },
        {
          identifier: 'dom-user',
          secret: 'pw',
          realm: VZL_INTERNAL_REALM,
          domain: 'corp.example',
          note: 'domain user',
        },
      ],
    });
    const withDomain = (id: string, domain?: string) =>
      `<packet version="4.0.0" id="${id}"><target>authm</target><data><authm><authenticate><name>${b64('dom-user')}</name>${domain ? `<domain>${b64(domain)}</domain>` : ''}<realm>${VZL_INTERNAL_REALM}</realm><password>${b64('pw')}</password></authenticate></authm></data></packet>\0`;
    try {
      const c = await connect(other);
      c.socket.write(login('1') + withDomain('2', 'CORP.example') + withDomain('3') + withDomain('4', 'other'));
      const [, , ok, none, wrong] = await c.waitFrames(5);
      expect(ok).toContain('token');
      expect(none).toContain('error');
      expect(wrong).toContain('error');
      expect(other.calls.map((x) => x.summary)).toContain(
        'id=2 name="dom-user" domain="CORP.example" realm=' + VZL_INTERNAL_REALM + ' password=[redacted]',
      );
    } finally {
      await other.close();
    }
  });

  it("'drop-mid-reply' sends part of the reply and closes; 'garbage' sends non-XML + NUL", async () => {
    sim.setScenario('drop-mid-reply');
    const a = await connect(sim);
    a.socket.write(login('1') + auth('2', 'webadmin', 'hosting-password1'));
    await a.waitFrames(2);
    await expect.poll(() => a.closed).toBe(true);
    expect(a.text.split('\0').at(-1)).toMatch(/^<\?xml .*<ns1:origin>authm/s);
    expect(a.text.endsWith('</packet>\n')).toBe(false);
    sim.setScenario('garbage');
    const b = await connect(sim);
    b.socket.write(login('1') + auth('2', 'webadmin', 'hosting-password1'));
    const frames = await b.waitFrames(3);
    expect(frames[2]).not.toContain('<packet');
  });

  it("'greeting-error' greets with an <error> and closes; 'no-greeting' stays silent", async () => {
    sim.setScenario('greeting-error');
    const a = await connect(sim);
    const [g] = await a.waitFrames(1);
    expect(g).toContain('<error>\n<code>100</code>');
    await expect.poll(() => a.closed).toBe(true);
    sim.setScenario('no-greeting');
    const b = await connect(sim);
    await new Promise((r) => setTimeout(r, 100));
    expect(b.chunks).toHaveLength(0);
  });

  it('dropConnections() cuts clients; unknown scenario names throw', async () => {
    const c = await connect(sim);
    await c.waitFrames(1);
    sim.dropConnections();
    await expect.poll(() => c.closed).toBe(true);
    expect(() => sim.setScenario('nope')).toThrow(/unknown vzl-agent scenario/);
  });
});

describe('vzl-agent simulator over TLS', () => {
  let dir: string;
  let sim: RunningVzlSimulator;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vzl-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    sim = await startVzlSimulator({
      tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    });
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('speaks TLS from the first byte (port 4434 style) and greets', async () => {
    const s = tls.connect({ host: sim.host, port: sim.port, ca: readFileSync(join(dir, 'cert.pem')) });
    open.push(s);
    const c = new Raw(s);
    const [g] = await c.waitFrames(1);
    expect(g).toContain('<ok/>');
    expect(sim.url).toMatch(/^tls:\/\//);
    s.destroy();
  });
});

describe('vzl-agent in the simulator registry (auth-sim)', () => {
  it('starts by name and prints its address and demo accounts', async () => {
    const { startSimulators, formatBanner } = await import('../registry.js');
    const started = await startSimulators({ only: ['vzl-agent'] });
    try {
      const banner = formatBanner(started);
      expect(banner).toMatch(/vzl-agent\s+tcp:\/\/127\.0\.0\.1:\d+/);
      expect(banner).toContain('webadmin / hosting-password1');
      expect(banner).toContain('vzlservice / vzl-service-secret');
    } finally {
      await started.close();
    }
  });
});
