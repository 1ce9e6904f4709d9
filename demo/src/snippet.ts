/** The copy-paste embed snippet for the current settings (docs/architecture.md "The widget"). */
import type { Settings } from './settings.js';
import { styleVars } from './widget.js';

export function embedSnippet(s: Settings, methods: string[]): string {
  const attrs = [`endpoint="/auth"`];
  if (methods.length) attrs.push(`methods="${methods.join(' ')}"`);
  attrs.push(`lang="${s.lang}"`, `theme="${s.theme}"`);
  const vars = Object.entries(styleVars(s));
  if (vars.length) attrs.push(`style="${vars.map(([k, v]) => `${k}: ${v}`).join('; ')}"`);
  return [
    '<!-- auth-login.js: one file, Lit included -->',
    '<script type="module" src="/assets/auth-login.js"></script>',
    '',
    `<auth-login\n  ${attrs.join('\n  ')}\n></auth-login>`,
    '',
    '<script type="module">',
    "  const login = document.querySelector('auth-login');",
    "  login.addEventListener('auth-success', (e) => {",
    '    console.log(`signed in: ${e.detail.user.id}`);',
    '  });',
    '</script>',
  ].join('\n');
}
