import { readFileSync } from 'node:fs';

/**
 * A PEM (CA bundle, public key) given in a connector's config either inline or as a file path.
 * Read at start-up, so a missing file fails there and not at the first sign-in.
 */
export function readPem(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8');
}
