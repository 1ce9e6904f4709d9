// Test helpers: mount the element against the real BFF (mounted at /auth by the wtr config),
// find things the way a user does (by role and visible name), and reset the server session.
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { AuthLogin } from '../auth-login.js';
import '../auth-login.js';

/** Ends any BFF session left by an earlier test (POST /logout answers 204 either way). */
export async function resetSession(): Promise<void> {
  const res = await fetch('/auth/logout', {
    method: 'POST',
    credentials: 'include',
    headers: { 'X-CSRF': '1', 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (res.status !== 204) throw new Error(`logout answered ${res.status}`);
}

/** Mounts `<auth-login>` and waits until GET /config and GET /session have answered. */
export async function mount(template: TemplateResult = html`<auth-login></auth-login>`): Promise<AuthLogin> {
  const el = await fixture<AuthLogin>(template);
  await waitUntil(() => el.shadowRoot?.querySelector('[aria-busy=false]'), 'the widget never finished loading', {
    timeout: 5000,
  });
  await el.updateComplete;
  return el;
}

export const root = (el: AuthLogin): ShadowRoot => el.shadowRoot!;

/** The visible panel, or the second step's form, or the card (signed in). */
export function panel(el: AuthLogin): HTMLElement {
  const visible = [...root(el).querySelectorAll<HTMLElement>('.panel')].find((p) => !p.closest('[hidden]'));
  return visible ?? root(el).querySelector<HTMLElement>('.step') ?? root(el).querySelector<HTMLElement>('.card')!;
}

/** An input by its visible label text, in the visible panel. */
export function field(el: AuthLogin, label: string): HTMLInputElement {
  const labels = [...panel(el).querySelectorAll('label')];
  const found = labels.find((l) => l.textContent.trim() === label);
  if (!found)
    throw new Error(`no field labelled "${label}" (have: ${labels.map((l) => l.textContent.trim()).join(', ')})`);
  return root(el).getElementById(found.htmlFor) as HTMLInputElement;
}

/** A button by its accessible name (aria-label, else text), in the visible panel or card. */
export function button(el: AuthLogin, name: string): HTMLButtonElement {
  const buttons = [...panel(el).querySelectorAll('button')];
  const found = buttons.find((b) => (b.getAttribute('aria-label') ?? b.textContent.trim()) === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

export function tabs(el: AuthLogin): HTMLElement[] {
  return [...root(el).querySelectorAll<HTMLElement>('[role=tab]')];
}

export function tab(el: AuthLogin, name: string): HTMLElement {
  const found = tabs(el).find((t) => t.textContent.trim() === name);
  if (!found) throw new Error(`no tab "${name}"`);
  return found;
}

/** Types like a user: sets the value and fires `input`. */
export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** The error text shown in the visible panel, once it appears. */
export async function errorShown(el: AuthLogin): Promise<string> {
  await waitUntil(() => panel(el).querySelector('[part=error]'), 'no error appeared', { timeout: 5000 });
  return panel(el).querySelector('[part=error]')!.textContent.trim();
}

/** Resolves once the user's name is shown (signed in). */
export async function signedIn(el: AuthLogin): Promise<string> {
  await waitUntil(() => root(el).querySelector('[part=user-name]'), 'never signed in', { timeout: 5000 });
  return root(el).querySelector('[part=user-name]')!.textContent.trim();
}

/**
 * The id of the element focused inside the shadow root ('' when none). An id, not the element:
 * chai formats a failing comparison of two DOM nodes so slowly that the page seems to hang.
 */
export const focused = (el: AuthLogin): string => root(el).activeElement?.id ?? '';

/** The suite runs in Chromium and in Firefox (web-test-runner.config.mjs, AUTH_LOGIN_BROWSER). */
export const firefox = navigator.userAgent.includes('Firefox/');

/** A panel's status line (role=status): its text without the bidi isolates around an address. */
export const statusText = (el: AuthLogin): string =>
  panel(el)
    .querySelector('[role=status]')!
    .textContent.replace(/[\u2066-\u2069]/g, '')
    .trim();
