import { describe, expect, it } from 'vitest';
import { vzlAgentConfigSchema } from './config.js';

const base = {
  host: '127.0.0.1',
  serviceUser: 'vzlservice',
  servicePassword: 'vzl-service-secret',
  realm: '3e761571-6607-1344-a064-a42679da8ed9',
};

describe('vzlAgentConfigSchema', () => {
  it('fills the documented defaults (timeout 5s, connectTimeout min(timeout, 3s), System service realm, plain TCP)', () => {
    expect(vzlAgentConfigSchema.parse({ type: 'vzl-agent', ...base })).toEqual({
      type: 'vzl-agent',
      ...base,
      tls: false,
      serviceRealm: '00000000-0000-0000-0000-000000000000',
      timeout: 5000,
      rejectUnauthorized: true,
      maxInFlight: 8,
    });
  });

  it('accepts the docs/architecture.md example and durations', () => {
    const c = vzlAgentConfigSchema.parse({ ...base, port: 4433, tls: false, timeout: '2s', connectTimeout: '500ms' });
    expect([c.port, c.timeout, c.connectTimeout]).toEqual([4433, 2000, 500]);
  });

  it('refuses unknown keys, a realm that is not a GUID, and another type', () => {
    expect(vzlAgentConfigSchema.safeParse({ ...base, pasword: 'x' }).success).toBe(false);
    expect(vzlAgentConfigSchema.safeParse({ ...base, realm: '<x/>' }).success).toBe(false);
    expect(vzlAgentConfigSchema.safeParse({ ...base, type: 'broadworks-oci' }).success).toBe(false);
    expect(vzlAgentConfigSchema.safeParse({ ...base, timeout: 5 }).success).toBe(false);
  });
});
