/**
 * The administrator login that must precede AuthenticationVerifyRequest22V4 on every socket /
 * SOAP session (docs/protocols/broadworks-oci.md §4.1, §4.2). Transport-neutral: `send` carries one document.
 */
import { UpstreamError } from '../connector.js';
import type { XmlFragment } from '@auth-login/xml';
import { childText } from '@auth-login/xml';
import { command, errorDetail, signPassword, type OciReply } from './messages.js';

export interface AdminCredentials {
  adminUserId: string;
  adminPassword: string;
  login: 'signed14sp4' | '22V5';
}

type Send = (commands: XmlFragment[]) => Promise<OciReply>;

function single(name: string, reply: OciReply, expected: string): NonNullable<OciReply['commands'][number]> {
  const c = reply.commands[0];
  if (!c) throw new UpstreamError('bad_response', `${name}: empty reply to the admin login`);
  // The admin's own credentials being refused is a broken deployment, not a user's mistake.
  if (c.error) throw new UpstreamError('bad_response', `${name}: admin login refused ${errorDetail(c.error)}`);
  if (c.type !== expected)
    throw new UpstreamError('bad_response', `${name}: expected ${expected}, got ${c.type.slice(0, 60) || 'no type'}`);
  return c;
}

export async function adminLogin(name: string, send: Send, creds: AdminCredentials): Promise<void> {
  if (creds.login === '22V5') {
    // Clear password: only over TLS / HTTPS (§7.7); the factory warns otherwise.
    const reply = await send([
      command('LoginRequest22V5', [
        ['userId', creds.adminUserId],
        ['password', creds.adminPassword],
      ]),
    ]);
    single(name, reply, 'LoginResponse22V5');
    return;
  }
  const auth = single(
    name,
    await send([command('AuthenticationRequest', [['userId', creds.adminUserId]])]),
    'AuthenticationResponse',
  );
  const nonce = childText(auth.element, 'nonce', '')?.trim();
  if (!nonce) throw new UpstreamError('bad_response', `${name}: AuthenticationResponse without a nonce`);
  const reply = await send([
    command('LoginRequest14sp4', [
      ['userId', creds.adminUserId],
      ['signedPassword', signPassword(nonce, creds.adminPassword)],
    ]),
  ]);
  single(name, reply, 'LoginResponse14sp4');
}
