// A FAKE BFF for the second step (`mfa_required` → POST /mfa, /mfa/code) and for `notices`,
// mounted by web-test-runner.config.mjs under /mfa-fake/. It implements the contract of the issue
// "Sign-in that goes past yes/no" (widget side, written before the real BFF had these routes):
// TODO(after merging the `mfa` branch): point src/mfa-step.test.ts and src/notices.test.ts at the
// real BFF (test-support/bff-server.mjs with a stub connector asking for the second step) and delete
// this file.
//
// Accounts (password tab; any password):
//   mfa      → 401 mfa_required, methods totp + sms (+86 138****0001) + email (a***@example.com)
//   mfa-totp → 401 mfa_required, totp only
//   no-mfa   → 401 mfa_required without an `mfa` member
//   notice   → 200, notices [{code: 'password_expires', days: 3}];  expired → days 0;  plain → no notices
// Second step: totp accepts 123456; sms/email accept 654321 once a code was sent to that method;
// 000000 → 401 code_expired; else 401 invalid_code; the third wrong code → 429 rate_limited (Retry-After 2).
// POST /mfa/code → 202 {resendAfterSeconds: 2}; again within 2 s → 429 (Retry-After). Without a
// pending step, /mfa and /mfa/code answer 401 mfa_not_pending. Every POST needs `X-CSRF: 1`, as
// the real BFF demands (else 403 csrf_rejected).
import { randomUUID } from 'node:crypto';

const PREFIX = '/mfa-fake';
const METHODS = [
  { type: 'totp' },
  { type: 'sms', target: '+86 138****0001' },
  { type: 'email', target: 'a***@example.com' },
];
const user = (id) => ({ id, displayName: id === 'mfa' ? 'Mia Fa' : `User ${id}`, provider: 'fake' });

/** sid → { pending?: {id, methods, sent: {type: at}, failures}, user? } */
const sessions = new Map();

const readJson = (req) =>
  new Promise((resolve) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(text || '{}'));
      } catch {
        resolve(undefined);
      }
    });
  });

const fail = (ctx, status, code, extra = {}) => {
  ctx.status = status;
  ctx.body = { error: { code, message: `fake: ${code}` }, ...extra };
};

export async function mfaFake(ctx, next) {
  if (!ctx.path.startsWith(`${PREFIX}/`)) return next();
  const route = ctx.path.slice(PREFIX.length);
  let sid = ctx.cookies.get('mfa-fake');
  if (!sid || !sessions.has(sid)) {
    sid = randomUUID();
    sessions.set(sid, {});
    ctx.cookies.set('mfa-fake', sid, { httpOnly: true, sameSite: 'strict', path: PREFIX });
  }
  const s = sessions.get(sid);
  ctx.set('Cache-Control', 'no-store');
  if (ctx.method === 'GET' && route === '/config')
    return void (ctx.body = { methods: [{ id: 'password', identifiers: ['username'] }] });
  if (ctx.method === 'GET' && route === '/session')
    return void (ctx.body = s.user
      ? { authenticated: true, user: s.user, method: 'password' }
      : { authenticated: false });
  if (ctx.method !== 'POST') return fail(ctx, 404, 'not_found');
  if (ctx.get('X-CSRF') !== '1') return fail(ctx, 403, 'csrf_rejected');
  const body = await readJson(ctx.req);
  if (!body || typeof body !== 'object') return fail(ctx, 400, 'invalid_request');
  const signedIn = (id, notices) => {
    s.pending = undefined;
    s.user = user(id);
    ctx.body = notices ? { user: s.user, notices } : { user: s.user };
  };
  switch (route) {
    case '/logout':
      sessions.delete(sid);
      return void (ctx.status = 204);
    case '/password': {
      const id = body.identifier;
      if (typeof id !== 'string' || typeof body.password !== 'string' || !body.password)
        return fail(ctx, 400, 'invalid_request');
      if (id === 'mfa' || id === 'mfa-totp') {
        const methods = id === 'mfa' ? METHODS : METHODS.slice(0, 1);
        s.pending = { id, methods, sent: {}, failures: 0 };
        return fail(ctx, 401, 'mfa_required', { mfa: { methods } });
      }
      if (id === 'no-mfa') return fail(ctx, 401, 'mfa_required');
      if (id === 'notice') return signedIn(id, [{ code: 'password_expires', days: 3 }]);
      if (id === 'expired') return signedIn(id, [{ code: 'password_expires', days: 0 }]);
      if (id === 'plain') return signedIn(id);
      return fail(ctx, 401, 'invalid_credentials');
    }
    case '/mfa/code':
    case '/mfa': {
      const p = s.pending;
      if (!p) return fail(ctx, 401, 'mfa_not_pending');
      const method = p.methods.find((m) => m.type === body.method);
      if (!method || (route === '/mfa/code' && method.type === 'totp')) return fail(ctx, 400, 'invalid_request');
      if (route === '/mfa/code') {
        const wait = Math.ceil(((p.sent[method.type] ?? 0) + 2000 - Date.now()) / 1000);
        if (wait > 0) {
          ctx.set('Retry-After', String(wait));
          return fail(ctx, 429, 'rate_limited');
        }
        p.sent[method.type] = Date.now();
        ctx.status = 202;
        return void (ctx.body = { resendAfterSeconds: 2 });
      }
      if (typeof body.code !== 'string' || !/^\d{6}$/.test(body.code)) return fail(ctx, 400, 'invalid_request');
      const good = method.type === 'totp' ? '123456' : p.sent[method.type] ? '654321' : undefined;
      if (body.code === good) return signedIn(p.id);
      if (body.code === '000000') return fail(ctx, 401, 'code_expired');
      if (++p.failures >= 3) {
        p.failures = 0;
        ctx.set('Retry-After', '2');
        return fail(ctx, 429, 'rate_limited');
      }
      return fail(ctx, 401, 'invalid_code');
    }
    default:
      return fail(ctx, 404, 'not_found');
  }
}
