import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../types.js';
import { startDigipassSimulator, AUTH_USER_PATH } from './simulator.js';
import { DIGIPASS_DEMO_API_KEY } from './accounts.js';

interface Answer {
  resultCodes: { returnCodeEnum: string; statusCodeEnum: string; returnCode: number; statusCode: number };
  result?: Record<string, string>;
}
const json = async (res: Response | Promise<Response>) => (await (await res).json()) as Answer;
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('DIGIPASS Gateway simulator', () => {
  let sim: RunningSimulator;
  let generic: RunningSimulator;
  const post = (body: unknown, auth = basic('', DIGIPASS_DEMO_API_KEY), target = sim) =>
    fetch(`${target.url}${AUTH_USER_PATH}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    sim = await startDigipassSimulator({ port: 0, slowMs: 300 });
    generic = await startDigipassSimulator({ genericStatusCodes: true });
  });
  afterAll(async () => {
    await sim.close();
    await generic.close();
  });
  beforeEach(() => sim.setScenario('ok'));

  it('authenticates with the documented success shape and resolved user', async () => {
    const res = await post({ userID: 'DORA', domain: 'mydomain.com', password: '012345' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      resultCodes: { returnCodeEnum: 'RET_SUCCESS', statusCodeEnum: 'STAT_SUCCESS', returnCode: 0, statusCode: 0 },
      result: { userID: 'Dora', domain: 'mydomain.com', orgUnit: '', serialNo: 'VDS1000120-1' },
    });
  });

  it('resolves the domain when the request has none', async () => {
    const body = await json(post({ userID: 'jane.doe', password: '654321' }));
    expect(body.result).toEqual({
      userID: 'jane.doe',
      domain: 'mydomain.com',
      orgUnit: 'sales',
      serialNo: 'VDS1000121-2',
    });
  });

  it('treats OTPs as strings: a dropped leading zero fails', async () => {
    const body = await json(post({ userID: 'dora', password: '12345' }));
    expect(body).toEqual({
      resultCodes: {
        returnCodeEnum: 'RET_FAILURE',
        statusCodeEnum: 'STAT_OTP_INCORRECT',
        returnCode: -1,
        statusCode: 1012,
      },
    });
    expect((await json(post({ userID: 'dora', password: 12345 }))).resultCodes.statusCodeEnum).toBe('STAT_MISSINGFLD');
  });

  it('answers unknown users, wrong domains and locked users with their statuses', async () => {
    expect((await json(post({ userID: 'nobody', password: '012345' }))).resultCodes.statusCodeEnum).toBe(
      'STAT_USER_UNKNOWN',
    );
    expect(
      (await json(post({ userID: 'dora', domain: 'other.com', password: '012345' }))).resultCodes.statusCodeEnum,
    ).toBe('STAT_USER_UNKNOWN');
    const locked = await json(post({ userID: 'lockie', password: '111111' }));
    expect(locked.resultCodes).toMatchObject({ statusCodeEnum: 'STAT_LOCKED', statusCode: 1007, returnCode: -1 });
    expect(locked).not.toHaveProperty('result');
  });

  it('uses 1000 STAT_INVCREDENTIALS under the generic-status policy', async () => {
    for (const userID of ['nobody', 'lockie']) {
      const body = await json(post({ userID, password: '999999' }, undefined, generic));
      expect(body.resultCodes).toMatchObject({ statusCodeEnum: 'STAT_INVCREDENTIALS', statusCode: 1000 });
    }
  });

  it('refuses case-mismatched field names and bad JSON', async () => {
    expect((await json(post({ userId: 'dora', password: '012345' }))).resultCodes.statusCodeEnum).toBe(
      'STAT_MISSINGFLD',
    );
    const bad = await post('{nope');
    expect(bad.status).toBe(400);
    expect((await json(bad)).resultCodes.statusCodeEnum).toBe('STAT_INVDATA');
  });

  it('accepts the API key as Basic password or as user with empty password, and refuses others with 401', async () => {
    expect((await post({ userID: 'dora', password: '012345' }, basic('anyone', DIGIPASS_DEMO_API_KEY))).status).toBe(
      200,
    );
    expect((await post({ userID: 'dora', password: '012345' }, basic(DIGIPASS_DEMO_API_KEY, ''))).status).toBe(200);
    const bad = await post({ userID: 'dora', password: '012345' }, basic('', 'wrong'));
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await bad.text()).toBe('');
    expect((await post({ userID: 'dora', password: '012345' }, '')).status).toBe(401);
  });

  it('refuses a body that is not application/json with 415 (a JSON REST service)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await fetch(`${sim.url}${AUTH_USER_PATH}`, {
        method: 'POST',
        headers: { authorization: basic('', DIGIPASS_DEMO_API_KEY), 'content-type': type },
        body: JSON.stringify({ userID: 'dora', password: '012345' }),
      });
      expect(res.status).toBe(415);
    }
    expect((await post({ userID: 'dora', password: '012345' })).status).toBe(200);
  });

  it('serves only POST authUser', async () => {
    expect((await fetch(`${sim.url}${AUTH_USER_PATH}`)).status).toBe(405);
    expect((await fetch(`${sim.url}/rest/v2/authentication/other`, { method: 'POST' })).status).toBe(404);
  });

  it('plays each scenario', async () => {
    const ok = { userID: 'dora', password: '012345' };
    const status = async () => (await json(post(ok))).resultCodes;
    sim.setScenario('wrong-code');
    expect(await status()).toMatchObject({ statusCodeEnum: 'STAT_OTP_INCORRECT', returnCodeEnum: 'RET_FAILURE' });
    sim.setScenario('locked');
    expect(await status()).toMatchObject({ statusCodeEnum: 'STAT_LOCKED', statusCode: 1007 });
    sim.setScenario('expired');
    expect(await status()).toMatchObject({ statusCodeEnum: 'STAT_EXP_CHALLENGE', statusCode: 1004 });
    sim.setScenario('wrong-api-key');
    expect((await post(ok)).status).toBe(401);
    sim.setScenario('5xx');
    const five = await post(ok);
    expect(five.status).toBe(500);
    expect(five.headers.get('content-type')).toMatch(/text\/html/);
    sim.setScenario('non-json');
    const html = await post(ok);
    expect(html.status).toBe(200);
    expect(await html.text()).toMatch(/^<html>/);
    sim.setScenario('slow');
    const t0 = performance.now();
    expect((await post(ok)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(() => sim.setScenario('bogus')).toThrow(/unknown/);
  });

  it('records calls without the OTP', async () => {
    const before = sim.calls.length;
    await post({ userID: 'dora', password: '012345' });
    const call = sim.calls[before]!;
    expect(call.kind).toBe(`POST ${AUTH_USER_PATH}`);
    expect(call.summary).toBe('userID=dora');
    expect(JSON.stringify(sim.calls)).not.toContain('012345');
  });

  it('closes with a slow reply pending', async () => {
    const s = await startDigipassSimulator({ scenario: 'slow', slowMs: 60_000 });
    const pending = post({ userID: 'dora', password: '012345' }, undefined, s).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await s.close();
    await s.close();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
