/**
 * Tokens for the Token tabs that must be minted: an Authing id_token is what a user's other app
 * (mobile, SPA) got from Authing. The demo plays that app: it signs the demo user in to the
 * Authing simulator over Authing's own API (loginByUsername with the RSA-encrypted password,
 * docs/protocols/authing.md §3) and shows the id_token to paste. A fresh one per page load, because signing out
 * through the BFF revokes the token upstream (docs/protocols/authing.md: logout).
 *
 * Grace, not Ada: the simulator's id_tokens are deterministic (same user + same second = same
 * token), so a token minted right after Ada signed out elsewhere would already be revoked.
 */
import { constants, publicEncrypt } from 'node:crypto';

const LOGIN = `mutation loginByUsername($input: LoginByUsernameInput!) { loginByUsername(input: $input) { id token } }`;

async function mintAuthingToken(sim, { username, password }) {
  const encrypted = publicEncrypt(
    { key: sim.publicKeyPem, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(password, 'utf8'),
  );
  const res = await fetch(`${sim.url}/graphql/v2`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-authing-app-id': sim.appId,
      'x-authing-userpool-id': sim.userPoolId,
      'x-authing-request-from': 'auth-login-demo',
    },
    body: JSON.stringify({
      query: LOGIN,
      variables: { input: { username, password: encrypted.toString('base64'), autoRegister: false } },
    }),
    signal: AbortSignal.timeout(3000),
  });
  const body = await res.json();
  const token = body?.data?.loginByUsername?.token;
  if (typeof token !== 'string') throw new Error('the Authing simulator issued no token');
  return token;
}

/** Returns a copy of the public presets with minted tokens filled in (unchanged on failure). */
export async function mintTokens(presets, running) {
  const authing = running.get('authing')?.sim;
  let token;
  const needs = presets.some((p) => p.tabs.some((t) => t.accounts.some((a) => a.mint === 'authing')));
  if (needs && authing?.publicKeyPem)
    token = await mintAuthingToken(authing, { username: 'grace', password: 'authing-password2' });
  return presets.map((p) => ({
    ...p,
    tabs: p.tabs.map((t) => ({
      ...t,
      accounts: t.accounts.map(({ mint, ...a }) => (mint === 'authing' && token ? { ...a, secret: token } : a)),
    })),
  }));
}
