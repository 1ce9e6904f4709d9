// For the tests that run the BUILT bundle (dist/auth-login.js under a route of
// web-test-runner.config.mjs): its phone tab, and what a code request sends.
import { waitUntil } from '@open-wc/testing';

/** Loads the bundle, mounts `<auth-login methods="phone">` against the test BFF, waits for the form. */
export async function phoneTabOfBundle(bundle: string): Promise<HTMLElement> {
  const res = await fetch(bundle);
  if (!res.ok) throw new Error('packages/auth-login/dist is missing: run `pnpm build` first');
  await import(/* @vite-ignore */ bundle);
  const el = document.createElement('auth-login');
  el.setAttribute('methods', 'phone');
  el.setAttribute('lang', 'fr-FR');
  document.body.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector('[aria-busy=false] input[type=tel]'), 'no phone field', {
    timeout: 5000,
  });
  return el;
}

/** Types `typed` into the phone field, presses Send code, and resolves what was POSTed once the code field shows. */
export async function sendsAsTyped(
  el: HTMLElement,
  typed: string,
): Promise<{ sent: string; shown: string; input: HTMLInputElement }> {
  const root = el.shadowRoot!;
  const input = root.querySelector<HTMLInputElement>('input[type=tel]')!;
  input.value = typed;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  const bodies: { phone?: string }[] = [];
  const original = fetch;
  window.fetch = (url, init) => {
    if (init?.method === 'POST' && typeof init.body === 'string')
      bodies.push(JSON.parse(init.body) as { phone?: string });
    return original(url, init);
  };
  try {
    root.querySelector<HTMLButtonElement>('button[name=send]')!.click();
    await waitUntil(() => root.querySelector('input[name=code]'), 'the code field never appeared', { timeout: 5000 });
  } finally {
    window.fetch = original;
  }
  return { sent: bodies[0]?.phone ?? '', shown: input.value, input };
}
