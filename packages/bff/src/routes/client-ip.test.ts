/**
 * Every connector call carries the end user's IP in `CallContext.clientIp` (Authing's login-failure
 * detection counts per IP; without it all users share the BFF's address).
 */
import { afterEach, expect, it } from 'vitest';
import { FakeConnector, startTestBff, type TestBff } from '../app.test-kit.js';
import type { CallContext, PasswordInput, VerifyOutcome } from '../connectors/connector.js';

class RecordingConnector extends FakeConnector {
  seen: Array<string | undefined> = [];
  override async password(input: PasswordInput, ctx: CallContext): Promise<VerifyOutcome> {
    this.seen.push(ctx.clientIp);
    return super.password(input, ctx);
  }
}

let bff: TestBff | undefined;
afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

it('a sign-in hands the connector the client IP (the socket address without trustProxy)', async () => {
  const connector = new RecordingConnector();
  bff = await startTestBff({}, { connector });
  await bff.client().signIn();
  expect(connector.seen).toEqual(['127.0.0.1']);
});
