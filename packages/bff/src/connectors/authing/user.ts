/**
 * The Authing `User` → the normalised AuthUser (docs/architecture.md "user is normalised"; docs/protocols/authing.md §6).
 * Only named fields are copied, so `token` and `password` can never reach the browser
 * (docs/protocols/authing.md §8 client pitfall 4).
 */
import { z } from 'zod';
import { UpstreamError } from '../connector.js';
import type { AuthUser } from '../connector.js';
import { AUTHING_TYPE } from './api.js';

const optional = z.string().nullish();
const userSchema = z.object({
  id: z.string().min(1).max(128),
  userPoolId: optional,
  status: optional,
  username: optional,
  email: optional,
  phone: optional,
  phoneCountryCode: optional,
  nickname: optional,
  name: optional,
});
const loginSchema = userSchema.extend({ token: z.string().min(1), tokenExpiredAt: optional });

export type AuthingUser = z.output<typeof userSchema>;

export function parseUser(value: unknown, what: string): AuthingUser {
  const r = userSchema.safeParse(value);
  if (!r.success) throw new UpstreamError('bad_response', `${AUTHING_TYPE}: ${what} returned a malformed user`);
  return r.data;
}

export function parseLogin(
  value: unknown,
  what: string,
): AuthingUser & { token: string; tokenExpiredAt?: string | null | undefined } {
  const r = loginSchema.safeParse(value);
  if (!r.success) throw new UpstreamError('bad_response', `${AUTHING_TYPE}: ${what} returned no user or no token`);
  return r.data;
}

export function normaliseUser(u: AuthingUser): AuthUser {
  const user: AuthUser = { id: u.id, provider: AUTHING_TYPE };
  const displayName = u.nickname || u.name;
  if (displayName) user.displayName = displayName;
  if (u.username) user.username = u.username;
  if (u.email) user.email = u.email;
  if (u.phone) user.phone = u.phone.startsWith('+') || !u.phoneCountryCode ? u.phone : u.phoneCountryCode + u.phone;
  if (u.userPoolId) user.attributes = { userPoolId: u.userPoolId };
  return user;
}

/**
 * Splits what a person typed into what the v2 API expects (docs/protocols/authing.md §8 pitfall 8): Authing
 * stores mainland numbers nationally with `phoneCountryCode: +86`, so `+86…` is split; any other
 * number goes as typed (the API has no country-code table we could split it with).
 */
export function splitPhone(typed: string): { phone: string; phoneCountryCode?: string } {
  const p = typed.replace(/[\s-]/g, '');
  const cn = /^\+86(1\d{10})$/.exec(p);
  return cn ? { phone: cn[1]!, phoneCountryCode: '+86' } : { phone: p };
}
