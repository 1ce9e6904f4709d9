/** Polls the demo server's inbox and lists the codes the simulators "sent", newest first. */
import { fetchInbox, type InboxMessage } from './api.js';
import { h } from './dom.js';

const time = (at: number) =>
  new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function item(m: InboxMessage): HTMLElement {
  return h(
    'li',
    { class: 'inbox-item', 'data-channel': m.channel },
    h('span', { class: 'channel' }, m.channel === 'sms' ? 'SMS' : 'Email'),
    h(
      'div',
      { class: 'inbox-body' },
      h('div', { class: 'inbox-to' }, `To ${m.to}`),
      h('div', { class: 'inbox-meta' }, `${m.system} · ${time(m.at)}`),
    ),
    h('code', { class: 'inbox-code' }, m.code),
  );
}

export function startInbox(list: HTMLElement, intervalMs = 1500): () => void {
  let lastKey: string | undefined;
  let stopped = false;
  const render = (messages: InboxMessage[]) => {
    const key = messages.map((m) => m.id).join(',');
    if (key === lastKey) return;
    lastKey = key;
    list.replaceChildren(
      ...(messages.length
        ? messages.map(item)
        : [
            h(
              'li',
              { class: 'empty' },
              'No codes yet. Send one from a Phone code or OTP tab: it shows up here within a second or two.',
            ),
          ]),
    );
  };
  const tick = async () => {
    if (stopped) return;
    try {
      render(await fetchInbox());
    } catch {
      /* the server restarts or the tab sleeps: try again next tick */
    }
    if (!stopped) setTimeout(tick, intervalMs);
  };
  void tick();
  return () => {
    stopped = true;
  };
}
