/**
 * The schema checks a real OCS applies to a request before it acts on it, so the simulator is no
 * more forgiving than the server a connector will meet (docs/protocols/broadworks-oci.md §3.1, §5.1, §5.3):
 *
 * - the root needs `protocol="OCI"` (required attribute) and carries 1..15 commands;
 * - a request's `xsi:type` names a type in NO namespace (command schemas have no target
 *   namespace), so `c:AuthenticationVerifyRequest22V4` is not the request type;
 * - a command's children are exactly one of its schema sequences, in order, each value an
 *   `xs:token` whose collapsed length is within the schema limits (§5.1 table, §7.4).
 *
 * How a real server words its answer to a schema-invalid request is unconfirmed (§6 [U]); the
 * simulator answers `[Error 4000] Invalid request` (see session.ts).
 */
import type { XmlElement } from '@auth-login/xml';

/** One element of a sequence: name, optional?, [minLength, maxLength] of the collapsed text. */
type Part = [name: string, optional: boolean, min: number, max: number];

const USER_ID: Part = ['userId', false, 1, 161];
const PASSWORD: Part = ['password', false, 1, 60];

/** §5.1: the five branches of AuthenticationVerifyRequest22V4, element order fixed. */
const SEQUENCES: Record<string, Part[][]> = {
  AuthenticationVerifyRequest22V4: [
    [USER_ID, PASSWORD],
    [
      ['phoneNumber', false, 1, 23],
      ['passcode', false, 1, 30],
    ],
    [['linePort', false, 1, 161], PASSWORD],
    [['loginToken', false, 1, Number.MAX_SAFE_INTEGER]],
    [['sipAuthenticationUserName', false, 1, 80], ['sipAuthenticationPassword', false, 1, 60], USER_ID],
  ],
  // §5.3 login-related commands.
  AuthenticationRequest: [[USER_ID]],
  LoginRequest14sp4: [
    [USER_ID, ['signedPassword', true, 1, Number.MAX_SAFE_INTEGER], ['plainTextPassword', true, 1, 60]],
  ],
  LoginRequest22V5: [[USER_ID, ['password', true, 1, 60], ['signedPassword', true, 1, Number.MAX_SAFE_INTEGER]]],
  LogoutRequest: [[USER_ID, ['reason', true, 1, 40]]],
  // No fields: what the connector's idle probe sends.
  SystemSoftwareVersionGetRequest: [[]],
};

/** The R25 schema's `maxOccurs="15"` on `command` (§3.1). */
export const MAX_COMMANDS = 15;

/** xs:token whitespace collapse: what schema validation measures the length of (§5). */
function collapsed(s: string): string {
  return s.replace(/[\t\n\r ]+/g, ' ').trim();
}

function matches(children: XmlElement[], seq: Part[]): boolean {
  let i = 0;
  for (const [name, optional, min, max] of seq) {
    const c = children[i];
    if (c && c.local === name && c.ns === '') {
      const len = [...collapsed(c.text)].length;
      if (c.children.length > 0 || len < min || len > max) return false;
      i++;
    } else if (!optional) {
      return false;
    }
  }
  return i === children.length;
}

/** True when `cmd` (of the given request type) is valid per its schema sequences; unknown types pass. */
export function validCommand(type: string, cmd: XmlElement): boolean {
  const seqs = SEQUENCES[type];
  return seqs === undefined || seqs.some((seq) => matches(cmd.children, seq));
}

/** The root-level rules: `protocol="OCI"` present and 1..15 commands. */
export function validEnvelope(doc: XmlElement, commands: number): boolean {
  const protocol = doc.attrs.find((a) => a.local === 'protocol' && a.ns === '')?.value;
  return protocol === 'OCI' && commands >= 1 && commands <= MAX_COMMANDS;
}
