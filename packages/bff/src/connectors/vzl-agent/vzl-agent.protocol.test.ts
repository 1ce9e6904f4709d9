/**
 * The traps of docs/protocols/vzl-agent.md, each through real sockets against the simulator: framing (split and
 * coalesced writes), both prefix styles, id matching with concurrent requests, agent-generated
 * ids, reconnect after a drop, drop mid-reply, timeouts, base64 of non-ASCII, markup in names.
 * The whole suite runs twice: against an agent that echoes packet ids and one that does not
 * (simulator `echoIds`, docs/protocols/vzl-agent.md pitfall 6).
 */
import {
  startVzlSimulator,
  VZL_INTERNAL_REALM,
  VZL_SYSTEM_REALM,
  type RunningVzlSimulator,
} from '@auth-login/simulators';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UpstreamError, Connector, VerifyOutcome } from '../connector.js';
import { expectUpstreamError } from '../contract.test-kit.js';
import { withCallPolicy } from '../shared/call-policy.js';
import { countCalls, recordingLogger, vzlConnectorFor } from './helpers.test-kit.js';

const sig = (ms = 3000) => ({ signal: AbortSignal.timeout(ms) });
const GOOD = { identifier: 'webadmin', password: 'hosting-password1' };
const BAD = { identifier: 'webadmin', password: 'nope' };
const okOf = (o: VerifyOutcome) => (o.ok ? `ok:${o.user.id}` : `no:${o.reason}`);

for (const echoIds of [true, false])
  describe(`vzl-agent connector protocol (agent ${echoIds ? 'echoes' : 'does not echo'} packet ids)`, () => {
    let sim: RunningVzlSimulator;
    const connectors: Connector[] = [];
    const make = (overrides: Record<string, unknown> = {}, logger = recordingLogger()) => {
      const c = vzlConnectorFor(sim, overrides, logger);
      connectors.push(c);
      return c;
    };
    beforeAll(async () => {
      sim = await startVzlSimulator({ port: 0, delayMs: 400, echoIds });
    });
    afterEach(async () => {
      sim.setScenario('ok');
      await Promise.all(connectors.splice(0).map((c) => c.close()));
    });
    afterAll(() => sim.close());

    it('logs the service account in once and reuses the session for many verifications', async () => {
      const c = make();
      const before = { conns: sim.connectionsAccepted, logins: countCalls(sim, 'system/login') };
      const ok = await c.password!(GOOD, sig());
      expect(ok).toEqual({
        ok: true,
        user: {
          id: 'webadmin',
          username: 'webadmin',
          provider: 'vzl-agent',
          attributes: { privileges: 'vzl.admin.read' },
        },
      });
      expect(JSON.stringify(ok)).not.toMatch(/AQUAAAAA/); // SIDs of the security token never reach the browser
      const wrong = await c.password!(BAD, sig());
      expect(wrong).toMatchObject({
        ok: false,
        reason: 'invalid_credentials',
        detail: expect.stringContaining('1501') as unknown,
      });
      expect(await c.password!({ identifier: 'nobody', password: 'x' }, sig())).toMatchObject({
        ok: false,
        reason: 'invalid_credentials',
      });
      expect(await c.password!({ identifier: 'locked-user', password: 'hosting-password1' }, sig())).toMatchObject({
        ok: false,
        reason: 'invalid_credentials',
        detail: expect.stringContaining('1502') as unknown,
      });
      expect(sim.connectionsAccepted - before.conns).toBe(1);
      expect(countCalls(sim, 'system/login') - before.logins).toBe(1);
    });

    it('sends non-ASCII names and passwords as base64 of UTF-8', async () => {
      const c = make();
      expect(okOf(await c.password!({ identifier: 'zoë.müller', password: 'pässwörd-ü' }, sig()))).toBe(
        'ok:zoë.müller',
      );
      expect(okOf(await c.password!({ identifier: 'zoë.müller', password: 'passwörd-ü' }, sig()))).toBe(
        'no:invalid_credentials',
      );
    });

    it('keeps markup in a name as text: the agent sees the literal name, not a second <name>', async () => {
      const c = make();
      const evil = '</name><name>webadmin';
      expect(okOf(await c.password!({ identifier: evil, password: GOOD.password }, sig()))).toBe(
        'no:invalid_credentials',
      );
      expect(sim.calls.at(-1)?.summary).toContain(`name=${JSON.stringify(evil)}`);
    });

    it('refuses empty and control-character input without sending anything', async () => {
      const c = make();
      const before = sim.calls.length;
      expect(okOf(await c.password!({ identifier: 'webadmin', password: '' }, sig()))).toBe('no:invalid_credentials');
      expect(okOf(await c.password!({ identifier: 'web\u0000admin', password: 'x' }, sig()))).toBe(
        'no:invalid_credentials',
      );
      expect(sim.calls.length).toBe(before);
    });

    for (const scenario of ['split-writes', 'coalesced', 'prefixed', 'unprefixed']) {
      it(`works when the agent uses '${scenario}'`, async () => {
        sim.setScenario(scenario);
        const c = make();
        const results = await Promise.all([
          c.password!(GOOD, sig()),
          c.password!(BAD, sig()),
          c.password!(GOOD, sig()),
        ]);
        expect(results.map(okOf)).toEqual(['ok:webadmin', 'no:invalid_credentials', 'ok:webadmin']);
      });
    }

    it('matches replies to concurrent requests by packet id when the agent answers out of order', async () => {
      sim.setScenario('reordered');
      const c = make();
      await c.ready(sig());
      const conns = sim.connectionsAccepted;
      const inputs = [GOOD, BAD, BAD, GOOD, { identifier: 'zoë.müller', password: 'pässwörd-ü' }, BAD];
      const results = await Promise.all(inputs.map((i) => c.password!(i, sig())));
      expect(results.map(okOf)).toEqual([
        'ok:webadmin',
        'no:invalid_credentials',
        'no:invalid_credentials',
        'ok:webadmin',
        'ok:zoë.müller',
        'no:invalid_credentials',
      ]);
      expect(sim.connectionsAccepted).toBe(conns); // all on the one service connection
    });

    it('falls back to one request at a time when the agent does not echo ids (pitfall 6)', async () => {
      sim.setScenario('agent-ids');
      const logger = recordingLogger();
      const c = make({}, logger);
      const results = await Promise.all([c.password!(GOOD, sig()), c.password!(BAD, sig()), c.password!(GOOD, sig())]);
      expect(results.map(okOf)).toEqual(['ok:webadmin', 'no:invalid_credentials', 'ok:webadmin']);
      expect(JSON.stringify(logger.lines)).toContain('does not echo packet ids');
    });

    it.runIf(echoIds)(
      'never guesses: unmatched ids with several requests pending fail them all, then it reconnects one-at-a-time',
      async () => {
        const c = make();
        await c.ready(sig());
        sim.setScenario('agent-ids');
        const results = await Promise.allSettled([
          c.password!(GOOD, sig()),
          c.password!(BAD, sig()),
          c.password!(BAD, sig()),
        ]);
        const kinds = results.map((r) => (r.status === 'rejected' ? (r.reason as UpstreamError).kind : okOf(r.value)));
        expect(kinds).toEqual(['bad_response', 'bad_response', 'bad_response']);
        const again = await Promise.all([c.password!(BAD, sig()), c.password!(GOOD, sig())]);
        expect(again.map(okOf)).toEqual(['no:invalid_credentials', 'ok:webadmin']);
      },
    );

    it('reconnects and logs in again after the agent drops the connection', async () => {
      const c = make();
      expect(okOf(await c.password!(GOOD, sig()))).toBe('ok:webadmin');
      const conns = sim.connectionsAccepted;
      const logins = countCalls(sim, 'system/login');
      sim.dropConnections();
      await new Promise((r) => setTimeout(r, 50));
      expect(okOf(await c.password!(GOOD, sig()))).toBe('ok:webadmin');
      expect(sim.connectionsAccepted).toBe(conns + 1);
      expect(countCalls(sim, 'system/login')).toBe(logins + 1);
    });

    it('retries once on a fresh connection when the socket closes before any reply byte', async () => {
      const c = make();
      await c.ready(sig());
      const before = countCalls(sim, 'authm/authenticate');
      sim.setScenario('hangup');
      await expectUpstreamError(c.password!(GOOD, sig()), 'unavailable', 3000);
      expect(countCalls(sim, 'authm/authenticate') - before).toBe(2);
    });

    it('a drop mid-reply is bad_response (no retry), and the next call works on a new connection', async () => {
      const c = make();
      await c.ready(sig());
      sim.setScenario('drop-mid-reply');
      const before = countCalls(sim, 'authm/authenticate');
      await expectUpstreamError(c.password!(GOOD, sig()), 'bad_response', 3000);
      expect(countCalls(sim, 'authm/authenticate') - before).toBe(1);
      sim.setScenario('ok');
      expect(okOf(await c.password!(GOOD, sig()))).toBe('ok:webadmin');
    });

    it('an error outside data/authm (session lost) is bad_response, not a wrong password; it logs in again', async () => {
      const c = make();
      await c.ready(sig());
      const logins = countCalls(sim, 'system/login');
      sim.setScenario('session-lost');
      await expectUpstreamError(c.password!(GOOD, sig()), 'bad_response', 3000);
      sim.setScenario('ok');
      expect(okOf(await c.password!(GOOD, sig()))).toBe('ok:webadmin');
      expect(countCalls(sim, 'system/login')).toBe(logins + 1);
    });

    it('garbage is bad_response; the connection is replaced', async () => {
      const c = make();
      sim.setScenario('garbage');
      await expectUpstreamError(c.password!(GOOD, sig()), 'bad_response', 3000);
      sim.setScenario('ok');
      expect(okOf(await c.password!(GOOD, sig()))).toBe('ok:webadmin');
    });

    it('times out on the caller signal; the late reply is dropped, not given to the request then pending', async () => {
      const c = make();
      await c.ready(sig());
      const conns = sim.connectionsAccepted;
      sim.setScenario('slow'); // every authenticate reply comes 400 ms late
      await expectUpstreamError(c.password!(GOOD, { signal: AbortSignal.timeout(100) }), 'timeout', 1500);
      // Sent at ~100 ms, answered at ~500 ms: the first request's late "ok" (at ~400 ms) arrives while
      // this one is the only request pending, and must not be taken for its answer.
      expect(okOf(await c.password!(BAD, sig()))).toBe('no:invalid_credentials');
      sim.setScenario('ok');
      expect(okOf(await c.password!(GOOD, sig()))).toBe('ok:webadmin');
      // Without proven echo a late reply could not be told apart: the connection is replaced instead.
      expect(sim.connectionsAccepted).toBe(echoIds ? conns : conns + 1);
    });

    it(`${echoIds ? 'pipelines once the login reply echoed its id' : 'keeps one request in flight: echoing never proven'}`, async () => {
      const logger = recordingLogger();
      const c = make({}, logger);
      await c.ready(sig());
      sim.setScenario('slow'); // each authenticate answered 400 ms after it arrives
      const t0 = Date.now();
      const results = await Promise.all([GOOD, BAD, GOOD].map((i) => c.password!(i, sig(5000))));
      const ms = Date.now() - t0;
      expect(results.map(okOf)).toEqual(['ok:webadmin', 'no:invalid_credentials', 'ok:webadmin']);
      const text = JSON.stringify(logger.lines);
      if (echoIds) {
        expect(ms).toBeLessThan(1000); // three at once: ~400 ms
        expect(text).toContain('agent echoes packet ids; pipelining');
      } else {
        expect(ms).toBeGreaterThanOrEqual(1150); // one after another: ~1200 ms
        expect(text).toContain('does not echo packet ids');
        expect(text).not.toContain('pipelining');
      }
    });

    it('sends the configured domain (auth_nameType.domain) with end users and, separately, the service account', async () => {
      const realmSim = await startVzlSimulator({
        port: 0,
        echoIds,
        accounts: [
          { identifier: 'vzlservice', secret: 'vzl-service-secret', realm: VZL_SYSTEM_REALM, note: 'service' },
          { identifier: 'dom-user', secret: 'dom-pass1', realm: VZL_INTERNAL_REALM, domain: 'corp.example', note: 'x' },
        ],
      });
      try {
        const user = { identifier: 'dom-user', password: 'dom-pass1' };
        const without = make({ port: realmSim.port });
        expect(okOf(await without.password!(user, sig()))).toBe('no:invalid_credentials');
        const withDomain = make({ port: realmSim.port, domain: 'corp.example', serviceDomain: 'hostnode' });
        expect(okOf(await withDomain.password!(user, sig()))).toBe('ok:dom-user');
        const summaries = realmSim.calls.map((x) => `${x.kind} ${x.summary ?? ''}`);
        expect(summaries).toContain(
          `authm/authenticate id=${/id=(\d+)/.exec(summaries.at(-1)!)![1]} name="dom-user" domain="corp.example" realm=${VZL_INTERNAL_REALM} password=[redacted]`,
        );
        expect(summaries.filter((x) => x.startsWith('system/login')).at(-1)).toContain('domain="hostnode"');
      } finally {
        await realmSim.close();
      }
    });

    it("times out on the `timeout` of its call policy when the caller's signal never fires", async () => {
      const c = withCallPolicy('vzl', make({ timeout: '150ms' }), recordingLogger(), { timeoutMs: 150 });
      await c.ready(sig());
      sim.setScenario('slow');
      await expectUpstreamError(c.password!(GOOD, { signal: new AbortController().signal }), 'timeout', 1500);
    });

    it('an agent that never greets → timeout after connectTimeout; a greeting with <error> → unavailable', async () => {
      sim.setScenario('no-greeting');
      const c = make({ connectTimeout: '200ms' });
      await expectUpstreamError(c.password!(GOOD, sig(5000)), 'timeout', 1500);
      sim.setScenario('greeting-error');
      await expectUpstreamError(make().password!(GOOD, sig()), 'unavailable', 2000);
    });

    it('a refused service login is bad_response (configuration problem, not the user)', async () => {
      const c = make({ servicePassword: 'not-the-service-secret' });
      await expectUpstreamError(c.password!(GOOD, sig()), 'bad_response', 2000);
      await expectUpstreamError(c.ready(sig()), 'bad_response', 2000);
    });

    it('logs no secret (passwords, their base64, the service password)', async () => {
      const logger = recordingLogger();
      sim.setScenario('agent-ids');
      const c = make({}, logger);
      await c.password!(GOOD, sig());
      await c.password!(BAD, sig());
      const text = JSON.stringify(logger.lines);
      for (const s of [
        'hosting-password1',
        'vzl-service-secret',
        Buffer.from('hosting-password1').toString('base64'),
      ]) {
        expect(text).not.toContain(s);
      }
    });

    it('after close() every call is refused as unavailable', async () => {
      const c = make();
      await c.ready(sig());
      await c.close();
      await expectUpstreamError(c.password!(GOOD, sig()), 'unavailable', 1000);
    });
  });
