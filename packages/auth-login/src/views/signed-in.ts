import { html, nothing, type TemplateResult } from 'lit';
import type { Notice } from '../internal/bff-client.js';
import type { Locale, Messages } from '../internal/i18n.js';
import type { AuthUser } from '../internal/types.js';

/** The name to show: the friendliest field the BFF's normalised user has. */
export const displayName = (user: AuthUser): string =>
  user.displayName || user.username || user.email || user.phone || user.id;

/** A notice in words: `password_expires` → "Your password expires in 3 days." ('' for an unknown code). */
export function noticeText(n: Notice, t: Messages, locale: Locale): string {
  if (n.code !== 'password_expires' || !t.passwordExpires) return '';
  const days = Math.ceil(n.days ?? 0);
  return days > 0
    ? t.passwordExpires(new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day'))
    : t.passwordExpired;
}

/**
 * Signed in: who (initial, name, and the upstream id when it differs) and `Sign out`.
 * `#who` takes focus after sign-in so a screen reader hears "Signed in as <name>" (the words are
 * visually hidden: the heading above says them), and the BFF's notices, read with it.
 */
export function renderSignedIn(o: {
  user: AuthUser;
  t: Messages;
  error: string | undefined;
  notices: Notice[];
  locale: Locale;
  pending: boolean;
  onSignOut: () => void;
}): TemplateResult {
  const name = displayName(o.user);
  return html`<div part="user" class="user">
      <span class="avatar" aria-hidden="true">${[...name][0]?.toUpperCase()}</span>
      <p class="who" id="who" tabindex="-1">
        <span class="sr">${o.t.signedInAs} </span><span part="user-name" class="name">${name}</span>
        ${name !== o.user.id ? html`<span part="user-id" class="hint">${o.user.id}</span>` : nothing}
        ${o.notices.map((n) => {
          const text = noticeText(n, o.t, o.locale);
          return text ? html`<span part="notice">${text}</span>` : nothing;
        })}
      </p>
    </div>
    <div class="live" aria-live="assertive">
      ${o.error ? html`<p part="error" class="error">${o.error}</p>` : nothing}
    </div>
    <button
      part="button signout"
      class="secondary"
      type="button"
      aria-disabled=${o.pending ? 'true' : 'false'}
      @click=${o.onSignOut}
    >
      ${o.t.signOut}
    </button>`;
}
