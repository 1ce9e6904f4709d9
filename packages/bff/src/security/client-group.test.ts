/** How the throttles count a client (docs/security.md A-02): IPv4 as is, IPv6 by prefix. */
import { describe, expect, it } from 'vitest';
import { clientGroup } from './client-ip.js';

describe('clientGroup', () => {
  it('keeps IPv4 addresses whole', () => {
    expect(clientGroup('203.0.113.7', 64)).toBe('203.0.113.7');
    expect(clientGroup('unknown', 64)).toBe('unknown');
  });

  it('groups IPv6 addresses by the prefix, whatever their spelling', () => {
    const group = '2001:db8:1:2:0:0:0:0/64';
    for (const ip of ['2001:db8:1:2::1', '2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:DB8:1:2:a:b:c:d'])
      expect(clientGroup(ip, 64)).toBe(group);
    expect(clientGroup('2001:db8:1:3::1', 64)).not.toBe(group);
    expect(clientGroup('fe80::1%eth0', 64)).toBe('fe80:0:0:0:0:0:0:0/64');
  });

  it('honours other prefixes, including ones that split a hextet', () => {
    expect(clientGroup('2001:db8:1:2::1', 48)).toBe('2001:db8:1:0:0:0:0:0/48');
    expect(clientGroup('2001:db8:1:2ff::1', 56)).toBe('2001:db8:1:200:0:0:0:0/56');
    expect(clientGroup('2001:db8::1', 128)).toBe('2001:db8:0:0:0:0:0:1/128');
    expect(clientGroup('::ffff:192.0.2.1', 128)).toBe('0:0:0:0:0:ffff:c000:201/128');
  });
});
