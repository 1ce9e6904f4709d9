/**
 * The phone settings of the deployment (config `phone`), held against every phone number a request
 * carries BEFORE it is counted or reaches an upstream (docs/security.md A-11): the sign-in routes and
 * the code-send routes call `gatePhones` first thing after validating the body.
 *
 * Which fields are phone numbers: the method's `phoneField` (the phone tab's `phone`, always) and
 * whatever the connector reads as one (Connector.phoneOf: a password identifier Authing sends to
 * loginByPhonePassword, a BroadWorks DN with `passcodeLogin`). Each is read as E.164 (a national
 * format in `phone.defaultCountry`, else the connector's default), its region found by
 * libphonenumber-js, and refused with 400 invalid_request when:
 * - the phone field reads as no phone number at all (junk), or
 * - `phone.countries` is set and the region is not in it, or cannot be told (`+1 555 ...`).
 * An identifier that reads as no number is not a phone number: it goes on as typed (a user id).
 * The phone field is then handed to the connector as the E.164 (the BFF normalises again what the
 * widget already normalised). Without config `phone`, nothing changes.
 */
import { AuthError } from '../errors.js';
import type { SignInMethod } from '../methods.js';
import type { BffRuntime, ConnectorBinding } from '../runtime.js';
import { regionOf, toE164 } from '../shared/phone.js';

/** The input the connector gets: as given, or with the phone field as E.164. Throws 400. */
export function gatePhones(
  rt: BffRuntime,
  binding: ConnectorBinding,
  method: Pick<SignInMethod, 'id' | 'phoneField' | 'subject'>,
  input: Record<string, string>,
): Record<string, string> {
  const settings = rt.config.phone;
  if (!settings || (!settings.defaultCountry && !settings.countries)) return input;
  const field =
    method.phoneField !== undefined && input[method.phoneField] !== undefined ? method.phoneField : undefined;
  let e164 = binding.connector.phoneOf?.(method.id, input);
  if (e164 === undefined && field !== undefined) {
    // A connector that does not say (an injected one): the BFF reads the field itself.
    const { defaultCountry } = settings;
    e164 = toE164(input[field]!, defaultCountry ? { defaultCountry } : {});
  }
  if (e164 === undefined) return input;
  const name = field ?? method.subject ?? 'phone';
  if (e164 === null) {
    throw new AuthError('invalid_request', {
      message: `The field "${name}" is not a phone number: type it with its country code (+33 6 12 34 56 78).`,
    });
  }
  if (settings.countries) {
    const region = regionOf(e164);
    if (region === undefined || !settings.countries.includes(region)) {
      throw new AuthError('invalid_request', {
        message: `The field "${name}" is a phone number of a country this service does not accept (accepted: ${settings.countries.join(', ')}).`,
      });
    }
  }
  return field === undefined ? input : { ...input, [field]: e164 };
}
