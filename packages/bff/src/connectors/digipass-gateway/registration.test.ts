import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../index.js';

const base = { session: { secrets: ['registration-test-secret-0123456789abcdef'] } };

describe('digipass-gateway in the BFF config (docs/architecture.md example)', () => {
  it('parses the documented entry, with ${ENV} and the default timeout', () => {
    const config = parseConfig(
      {
        ...base,
        methods: { otp: { connector: 'dp' } },
        connectors: {
          dp: {
            type: 'digipass-gateway',
            url: 'http://127.0.0.1:11080',
            apiKey: '${DP_API_KEY}',
            domain: 'mydomain.com',
          },
        },
      },
      { DP_API_KEY: 'from-env' },
    );
    expect(config.connectors.dp).toMatchObject({
      type: 'digipass-gateway',
      timeout: 5_000,
      config: { apiKey: 'from-env', domain: 'mydomain.com' },
    });
  });

  it('refuses unknown keys (naming the key, not the API key) and a phone method on it', () => {
    const bad = () =>
      parseConfig(
        {
          ...base,
          connectors: {
            dp: { type: 'digipass-gateway', url: 'http://127.0.0.1:11080', apiKey: 'inline-k3y', apiKeyHeader: 'x' },
          },
        },
        {},
      );
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (e) {
      const message = (e as ConfigError).message;
      expect(message).toMatch(/connectors\.dp/);
      expect(message).not.toContain('inline-k3y');
    }
    expect(() =>
      parseConfig(
        {
          ...base,
          methods: { phone: { connector: 'dp' } },
          connectors: { dp: { type: 'digipass-gateway', url: 'http://127.0.0.1:11080', apiKey: 'k' } },
        },
        {},
      ),
    ).toThrow(/methods\.phone/);
  });
});
