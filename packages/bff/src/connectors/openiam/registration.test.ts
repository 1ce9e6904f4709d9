import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../index.js';

describe('openiam in the BFF config (docs/architecture.md example)', () => {
  it('serves the phone and OTP tabs from the documented entry', () => {
    const config = parseConfig(
      {
        session: { secrets: ['registration-test-secret-0123456789abcdef'] },
        methods: { phone: { connector: 'iam' }, otp: { connector: 'iam' } },
        connectors: { iam: { type: 'openiam', url: 'http://127.0.0.1:9080', codeTtl: '2m' } },
      },
      {},
    );
    expect(config.connectors.iam).toMatchObject({
      type: 'openiam',
      timeout: 5_000,
      config: { codeTtl: 120_000, maxAttempts: 5 },
    });
  });

  it('refuses the password tab on it', () => {
    expect(() =>
      parseConfig(
        {
          session: { secrets: ['registration-test-secret-0123456789abcdef'] },
          methods: { password: { connector: 'iam' } },
          connectors: { iam: { type: 'openiam', url: 'http://127.0.0.1:9080' } },
        },
        {},
      ),
    ).toThrow(/methods\.password/);
  });
});
