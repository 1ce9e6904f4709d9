/**
 * WebOTP (https://wicg.github.io/web-otp/): on Android Chrome, reads the code from an SMS that
 * ends with `@<host> #<code>` and hands it to the page after the user agrees. Where the API is
 * missing this does nothing; `autocomplete="one-time-code"` still lets iOS/macOS offer the code.
 * Resolves to the code, or undefined (unsupported, refused, aborted).
 */
export async function receiveOtp(signal: AbortSignal): Promise<string | undefined> {
  if (!('OTPCredential' in globalThis) || !navigator.credentials) return undefined;
  try {
    const options = { otp: { transport: ['sms'] }, signal } as CredentialRequestOptions;
    const credential: (Credential & { code?: string }) | null = await navigator.credentials.get(options);
    return credential?.code || undefined;
  } catch {
    return undefined;
  }
}
