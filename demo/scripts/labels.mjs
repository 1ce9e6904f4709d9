/**
 * The English label the widget gives each tab's identifier field. The widget names it from the
 * BFF's `GET /config` (`identifiers` per method; packages/auth-login/src/internal/locales/en.ts),
 * so the demo asks each preset's BFF, and shows people (and the tests) the label they will see.
 */
const NAMES = { userId: 'User ID', username: 'Username', email: 'Email', phone: 'Phone number' };

/** Same rule as en.ts `identifier(kinds)`: "User ID or phone number", "Username", ... */
export function identifierLabel(kinds) {
  const label = kinds
    .map((k, i) => (i ? (NAMES[k] ?? k).replace(/^[A-Z][a-z]/, (s) => s.toLowerCase()) : (NAMES[k] ?? k)))
    .join(' or ');
  return label || 'Username';
}

/** Default identifier kinds per method when /config gives none (the widget's defaults). */
const DEFAULT_KINDS = { password: [], otp: ['userId'] };

/** Fills `tab.identifierLabel` of password and OTP tabs from the preset's own BFF. */
export async function applyIdentifierLabels(presets, baseUrl) {
  await Promise.all(
    presets
      .filter((p) => p.available)
      .map(async (p) => {
        const res = await fetch(new URL(`${p.endpoint}/config`, baseUrl), { signal: AbortSignal.timeout(5000) });
        if (!res.ok) return;
        const config = await res.json();
        for (const tab of p.tabs) {
          if (!(tab.method in DEFAULT_KINDS)) continue;
          const entry = config.methods?.find((m) => m.id === tab.method);
          tab.identifierLabel = identifierLabel(entry?.identifiers ?? DEFAULT_KINDS[tab.method]);
          if (tab.method === 'otp' && entry?.domain) tab.domain = entry.domain;
        }
      }),
  );
}
