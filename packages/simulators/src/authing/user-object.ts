/**
 * The GraphQL `User` object and the id_token payload, shaped like the real responses quoted in
 * docs/protocols/authing.md §5.2 and §6 (field set, `+00:00` timestamps, `customData` as an array).
 */
import { createHash } from 'node:crypto';
import type { AuthingAccount } from './accounts.js';

/** Authing writes ISO-8601 with a `+00:00` offset and no milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

const CREATED = Date.UTC(2024, 0, 15, 8, 0, 0);

export interface LoginRecord {
  count: number;
  last?: number;
}

export function userObject(
  a: AuthingAccount,
  poolId: string,
  token: string | null,
  tokenExp: number | null,
  logins: LoginRecord,
): Record<string, unknown> {
  return {
    id: a.id,
    arn: `arn:cn:authing:${poolId}:user:${a.id}`,
    userPoolId: poolId,
    status: a.blocked ? 'Suspended' : 'Activated',
    username: a.username ?? null,
    email: a.email ?? null,
    emailVerified: false,
    phone: a.phone ?? null,
    phoneVerified: Boolean(a.phone),
    identities: [],
    unionid: null,
    openid: null,
    nickname: a.nickname ?? null,
    registerSource: ['import:manual'],
    photo: 'https://files.authing.co/authing-console/default-user-avatar.png',
    // A server-side hash, as the real API leaks it (docs/protocols/authing.md §6: "never forward").
    password: a.password ? createHash('md5').update(`sim:${a.password}`).digest('hex') : null,
    oauth: null,
    token,
    tokenExpiredAt: tokenExp ? isoTime(tokenExp * 1000) : null,
    loginsCount: logins.count,
    lastLogin: logins.last ? isoTime(logins.last) : null,
    lastIP: null,
    signedUp: isoTime(CREATED),
    blocked: Boolean(a.blocked),
    isDeleted: false,
    device: null,
    browser: null,
    company: null,
    name: a.name ?? null,
    givenName: null,
    familyName: null,
    middleName: null,
    profile: null,
    preferredUsername: null,
    website: null,
    gender: 'U',
    birthdate: null,
    zoneinfo: null,
    locale: null,
    address: null,
    formatted: null,
    streetAddress: null,
    locality: null,
    region: null,
    postalCode: null,
    city: null,
    province: null,
    country: null,
    createdAt: isoTime(CREATED),
    updatedAt: isoTime(logins.last ?? CREATED),
    externalId: null,
    phoneCountryCode: a.phone ? (a.phoneCountryCode ?? '+86') : null,
    newlyCreated: false,
    customData: [],
  };
}

/** The id_token claims (docs/protocols/authing.md §6 "id_token payload"). */
export function idTokenClaims(
  a: AuthingAccount,
  ids: { poolId: string; appId: string; issuer: string },
  iat: number,
  exp: number,
): Record<string, unknown> {
  return {
    sub: a.id,
    phone_number: a.phone ?? null,
    phone_number_verified: Boolean(a.phone),
    email: a.email ?? null,
    email_verified: false,
    name: a.name ?? null,
    nickname: a.nickname ?? null,
    data: {
      type: 'user',
      userPoolId: ids.poolId,
      appId: ids.appId,
      id: a.id,
      userId: a.id,
      _id: a.id,
      phone: a.phone ?? null,
      email: a.email ?? null,
      username: a.username ?? null,
      clientId: ids.appId,
    },
    userpool_id: ids.poolId,
    aud: ids.appId,
    exp,
    iat,
    iss: ids.issuer,
  };
}
