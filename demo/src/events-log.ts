/** The widget's events as they fire (auth-success / auth-error / auth-logout, docs/architecture.md). */
import { h } from './dom.js';

interface AuthEventDetail {
  user?: { id?: string; displayName?: string; provider?: string };
  method?: string;
  code?: string;
}

function describe(type: string, d: AuthEventDetail | undefined): string {
  if (type === 'auth-success')
    return `${d?.user?.displayName ?? d?.user?.id ?? 'user'} via ${d?.method ?? '?'} (${d?.user?.provider ?? '?'})`;
  if (type === 'auth-error') return `${d?.code ?? 'error'} on ${d?.method ?? '?'}`;
  return 'signed out';
}

export function attachEventsLog(source: HTMLElement, list: HTMLElement, clear: HTMLButtonElement): void {
  const empty = () => list.replaceChildren(h('li', { class: 'empty' }, 'Sign in or out to see the events.'));
  empty();
  clear.addEventListener('click', empty);
  for (const type of ['auth-success', 'auth-error', 'auth-logout']) {
    source.addEventListener(type, (e) => {
      list.querySelector('.empty')?.remove();
      const detail = (e as CustomEvent<AuthEventDetail>).detail;
      list.prepend(
        h(
          'li',
          { class: 'event', 'data-type': type },
          h('span', { class: 'event-type' }, type),
          h('span', { class: 'event-detail' }, describe(type, detail)),
          h('time', { class: 'event-time' }, new Date().toLocaleTimeString()),
        ),
      );
      while (list.children.length > 20) list.lastElementChild?.remove();
    });
  }
}
