import { css } from 'lit';

// Dark defaults, applied by `prefers-color-scheme: dark` (unless theme="light") and by theme="dark".
// Every colour pair here keeps WCAG AA contrast (4.5:1 for text, 3:1 for borders of controls).
const dark = css`
  color-scheme: dark;
  --_primary: var(--auth-login-color-primary, #8b93ff);
  --_on-primary: var(--auth-login-color-on-primary, #0b0d1f);
  --_bg: var(--auth-login-color-background, #151821);
  --_surface: var(--auth-login-color-surface, #1d212c);
  --_tab: #2c3240;
  --_text: var(--auth-login-color-text, #eef0f5);
  --_muted: var(--auth-login-color-muted, #a3aabb);
  --_border: var(--auth-login-color-border, #6b7386);
  --_error: var(--auth-login-color-error, #ff9b94);
  --_error-bg: var(--auth-login-color-error-background, #3a1d1f);
  --_focus: var(--auth-login-color-focus, #aab0ff);
  --_shadow: var(--auth-login-shadow, 0 1px 2px rgb(0 0 0 / 0.4), 0 12px 32px -8px rgb(0 0 0 / 0.6));
`;

// TABS (comments here, not in the css: what is inside it ships). Every tab is at least 40 x 34px
// (WCAG 2.5.8 asks 24px). At the default width (25rem) the four fit on one line in English, French
// and Chinese; in a narrower card (320px, 400% zoom) the list wraps onto a second row, so every tab
// stays visible (WCAG 1.4.10), and a label wraps inside its tab only when it alone is wider than
// the card. The selected tab has a 3px underline in the primary colour (WCAG 1.4.11: 3:1 against
// the tab, checked in light, dark and with a custom accent by tabs-contrast.test.ts), besides its
// background. One font weight for every state: selecting a tab must not change its width.
// Checked in DejaVu Sans, the widest common UI font (tabs-layout.test.ts).
export const styles = css`
  :host {
    color-scheme: light;
    --_primary: var(--auth-login-color-primary, #4f46e5);
    --_on-primary: var(--auth-login-color-on-primary, #ffffff);
    --_bg: var(--auth-login-color-background, #ffffff);
    --_surface: var(--auth-login-color-surface, #f5f6f9);
    --_tab: var(--_bg);
    --_text: var(--auth-login-color-text, #161a24);
    --_muted: var(--auth-login-color-muted, #5a6275);
    --_border: var(--auth-login-color-border, #8a92a3);
    --_error: var(--auth-login-color-error, #b42318);
    --_error-bg: var(--auth-login-color-error-background, #fef2f1);
    --_focus: var(--auth-login-color-focus, #4f46e5);
    --_shadow: var(--auth-login-shadow, 0 1px 2px rgb(16 24 40 / 0.06), 0 12px 32px -8px rgb(16 24 40 / 0.16));
    --_radius: var(--auth-login-radius, 0.75rem);
    --_control-radius: calc(var(--_radius) * 2 / 3);
    --_space: var(--auth-login-spacing, 1rem);
    --_h: var(--auth-login-control-height, 2.75rem);
    display: block;
    /* min-width 0: as a flex or grid item the card may shrink below its tabs' natural width. */
    min-width: 0;
    max-width: var(--auth-login-max-width, 25rem);
    font-family: var(
      --auth-login-font,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Noto Sans',
      'PingFang SC',
      'Microsoft YaHei',
      sans-serif
    );
    font-size: var(--auth-login-font-size, 1rem);
    line-height: 1.5;
    color: var(--_text);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  :host([theme='dark']) {
    ${dark}
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  .card {
    background: var(--_bg);
    border: 1px solid color-mix(in srgb, var(--_border) 45%, transparent);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    padding: calc(var(--_space) * 2) calc(var(--_space) * 1.75);
  }
  h2 {
    margin: 0 0 calc(var(--_space) * 1.25);
    font-size: 1.375em;
    font-weight: 650;
    line-height: 1.25;
    letter-spacing: -0.01em;
  }
  p {
    margin: 0;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
  }

  /* Tabs: a segmented control; labels never wrap (see TABS above). */
  .tabs {
    display: flex;
    flex-wrap: wrap;
    row-gap: 0.25rem;
    padding: 0.25rem;
    margin-bottom: calc(var(--_space) * 1.25);
    background: var(--_surface);
    border: 1px solid color-mix(in srgb, var(--_border) 35%, transparent);
    border-radius: var(--_control-radius);
  }
  [role='tab'] {
    flex: 1 1 auto;
    min-height: calc(var(--_h) - 0.5rem - 2px);
    min-width: 2.5rem;
    padding: 0.25rem 0.375rem;
    line-height: 1.2;
    border: 0;
    border-radius: calc(var(--_control-radius) - 0.25rem);
    background: transparent;
    color: var(--_muted);
    font: inherit;
    font-size: 0.875em;
    font-weight: 500;
    cursor: pointer;
  }
  [role='tab']:hover {
    color: var(--_text);
  }
  [role='tab'][aria-selected='true'] {
    background: var(--_tab);
    color: var(--_text);
    box-shadow:
      inset 0 -3px var(--_primary),
      0 1px 3px rgb(16 24 40 / 0.14);
  }
  /* Forced colours drop backgrounds and shadows: mark the selected tab with a border instead. */
  @media (forced-colors: active) {
    [role='tab'][aria-selected='true'] {
      border-bottom: 3px solid Highlight;
    }
  }

  form {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  .field {
    display: grid;
    gap: 0.375rem;
  }
  label {
    font-size: 0.875em;
    font-weight: 550;
  }
  .control {
    position: relative;
  }
  input {
    display: block;
    width: 100%;
    min-height: var(--_h);
    padding: 0 0.875rem;
    border: 1px solid var(--_border);
    border-radius: var(--_control-radius);
    background: var(--_bg);
    color: inherit;
    font: inherit;
  }
  input:hover {
    border-color: var(--_text);
  }
  input[aria-invalid='true'] {
    border-color: var(--_error);
    box-shadow: inset 0 0 0 1px var(--_error);
  }
  input[name='password'] {
    padding-inline-end: calc(var(--_h) + 0.25rem);
  }
  input[inputmode='numeric'] {
    letter-spacing: 0.2em;
    font-variant-numeric: tabular-nums;
  }

  button {
    font: inherit;
    cursor: pointer;
  }
  .primary,
  .secondary {
    min-height: var(--_h);
    padding: 0 1.25rem;
    border-radius: var(--_control-radius);
    font-weight: 600;
  }
  .primary {
    border: 1px solid transparent;
    background: var(--_primary);
    color: var(--_on-primary);
    margin-top: calc(var(--_space) / 4);
  }
  .primary:hover {
    background: color-mix(in srgb, var(--_primary) 88%, var(--_text));
  }
  .secondary {
    border: 1px solid var(--_border);
    background: var(--_bg);
    color: var(--_text);
  }
  .secondary:hover {
    background: var(--_surface);
  }
  [aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  /* Pending: a small spinner after the label (the button keeps focus: aria-disabled, not disabled). */
  .busy {
    cursor: progress;
  }
  .busy::after {
    content: '';
    display: inline-block;
    width: 0.875em;
    height: 0.875em;
    margin-inline-start: 0.5em;
    vertical-align: -0.125em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.7s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  /* Reduced motion: a still indicator (the status line says what is happening). */
  @media (prefers-reduced-motion: reduce) {
    .busy::after {
      animation: none;
    }
  }
  .toggle {
    position: absolute;
    inset-block: 0;
    inset-inline-end: 0;
    width: var(--_h);
    display: grid;
    place-items: center;
    border: 0;
    border-radius: var(--_control-radius);
    background: transparent;
    color: var(--_muted);
  }
  .toggle:hover {
    color: var(--_text);
  }
  svg {
    width: 1.25rem;
    height: 1.25rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  /* One visible, high-contrast focus ring for every control (WCAG 2.4.7 / 2.4.11). */
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  input:focus-visible {
    outline-offset: 0;
    border-color: var(--_focus);
  }

  .live:empty {
    display: none;
  }
  /* A form's error slot and status line stay in the accessibility tree while empty (so what is
     written in them is announced); empty, they take no room: the negative margin cancels the
     form's (flex) gap. */
  form > .live:empty,
  .status:empty {
    display: block;
    margin-top: calc(var(--_space) * -1);
  }
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .error {
    padding: 0.625rem 0.875rem;
    border: 1px solid color-mix(in srgb, var(--_error) 40%, transparent);
    border-inline-start-width: 4px;
    border-radius: var(--_control-radius);
    background: var(--_error-bg);
    color: var(--_error);
    font-size: 0.875em;
  }

  .user {
    display: flex;
    align-items: center;
    gap: 0.875rem;
    margin-bottom: calc(var(--_space) * 1.5);
  }
  .avatar {
    flex: none;
    display: grid;
    place-items: center;
    width: 2.75rem;
    height: 2.75rem;
    border-radius: 50%;
    background: var(--_primary);
    color: var(--_on-primary);
    font-weight: 650;
  }
  .who {
    display: grid;
    min-width: 0;
  }
  .who:focus {
    outline: none;
  }
  .who:focus-visible {
    outline: 2px solid var(--_focus);
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .user + .live .error {
    margin-bottom: var(--_space);
  }
  .user ~ .secondary {
    width: 100%;
  }

  @media (max-width: 30rem) {
    .card {
      padding: calc(var(--_space) * 1.5) calc(var(--_space) * 1.25);
    }
  }
  @media (prefers-reduced-motion: no-preference) {
    button,
    input {
      transition:
        background-color 0.15s,
        border-color 0.15s,
        box-shadow 0.15s;
    }
  }
`;
