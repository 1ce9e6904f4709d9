/** The demo accounts of the chosen preset, tab by tab, with copy buttons. */
import type { PresetTab, PresetView } from './api.js';
import { copyText, h } from './dom.js';

function copyable(value: string, what: string): HTMLElement {
  const button = h('button', { type: 'button', class: 'copy', 'aria-label': `Copy ${what}` }, 'Copy');
  button.addEventListener('click', () => void copyText(value, button));
  return h(
    'span',
    { class: 'copyable' },
    h('code', { class: value.length > 40 ? 'long' : undefined, title: value.length > 40 ? value : undefined }, value),
    button,
  );
}

function tabBlock(tab: PresetTab): HTMLElement {
  const rows = tab.accounts.map((a) =>
    h(
      'li',
      { class: 'account' },
      tab.identifierLabel
        ? h(
            'div',
            { class: 'kv' },
            h('span', { class: 'k' }, tab.identifierLabel),
            copyable(a.identifier, `${tab.tabName} ${tab.identifierLabel}`),
          )
        : null,
      h(
        'div',
        { class: 'kv' },
        h('span', { class: 'k' }, tab.secretLabel),
        tab.delivery === 'inbox'
          ? h('span', { class: 'v muted' }, 'arrives in the inbox')
          : copyable(a.secret, `${tab.tabName} ${tab.secretLabel}`),
      ),
      a.secondStep
        ? h(
            'div',
            { class: 'kv' },
            h('span', { class: 'k' }, a.secondStep.label),
            copyable(a.secondStep.code, `${tab.tabName} ${a.secondStep.label}`),
          )
        : null,
      a.note ? h('p', { class: 'note' }, a.note) : null,
    ),
  );
  return h(
    'div',
    { class: 'tab-accounts' },
    h('h3', {}, h('span', {}, tab.tabName), h('span', { class: 'system' }, tab.system)),
    h('ul', { class: 'account-list' }, ...rows),
  );
}

export function renderAccounts(container: HTMLElement, preset: PresetView | undefined): void {
  if (!preset || !preset.available) {
    container.replaceChildren(h('p', { class: 'hint' }, preset?.note ?? 'Choose an identity system.'));
    return;
  }
  container.replaceChildren(...preset.tabs.map(tabBlock));
}
