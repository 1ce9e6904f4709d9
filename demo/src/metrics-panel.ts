/**
 * The Metrics panel: the chosen preset's BFF counters, as the operator's Prometheus reads them,
 * polled every 2 s while the tab is visible (paused while it is hidden). Numbers that moved since
 * the page loaded carry a "+n"; a number that moved on the last poll is highlighted; once changes
 * settle, one polite sentence sums them up for screen readers.
 */
import { fetchMetrics } from './api.js';
import { h } from './dom.js';
import {
  breakerName,
  callName,
  channelName,
  describeChanges,
  duration,
  fmt,
  limitName,
  methodName,
  outcomeName,
  readings,
  signed,
  summarize,
  type MetricsView,
} from './metrics-model.js';

type Readings = ReturnType<typeof readings>;

export interface MetricsPanelElements {
  body: HTMLElement;
  state: HTMLElement;
  raw: HTMLAnchorElement;
  announce: HTMLElement;
}

export interface MetricsPanel {
  /** Follows another preset (its own BFF, its own counters); undefined: nothing to show. */
  show(presetId: string | undefined): void;
  stop(): void;
}

const hidden = (text: string) => h('span', { class: 'visually-hidden' }, text);

export function startMetricsPanel(el: MetricsPanelElements, { intervalMs = 2000, settleMs = 2500 } = {}): MetricsPanel {
  /** Per preset, the first readings this page saw: "+n" counts from there. */
  const baselines = new Map<string, Readings>();
  let preset: string | undefined;
  let previous: Readings | undefined;
  let lastView = '';
  /** What the last announcement (or the start) said the numbers were; the next one tells the difference. */
  let announced: Readings | undefined;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  let stopped = false;

  const setState = (state: 'live' | 'paused' | 'unavailable' | 'idle', text: string) => {
    el.state.dataset.state = state;
    el.state.textContent = text;
  };

  /** A number (a <td>, or the <dd> of the summary) with its "+n since the page loaded". */
  const number = <K extends 'td' | 'dd'>(tag: K, key: string, value: number, base: Readings, moved: Set<string>) => {
    const since = value - (base.get(key)?.value ?? 0);
    return h(
      tag,
      { class: moved.has(key) ? 'num moved' : 'num', 'data-key': key },
      fmt(value),
      since !== 0 ? h('span', { class: 'delta' }, hidden(', '), signed(since), hidden(' since the page loaded')) : null,
    );
  };

  /** A titled table; its last `numeric` columns hold numbers (right-aligned). */
  const table = (
    id: string,
    title: string,
    heads: string[],
    numeric: number,
    rows: HTMLTableRowElement[],
    empty: string,
  ) => [
    h('h3', { id }, title),
    rows.length
      ? h(
          'table',
          { class: 'metrics-table', 'aria-labelledby': id },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...heads.map((t, i) =>
                h('th', { scope: 'col', class: i >= heads.length - numeric ? 'num' : undefined }, t),
              ),
            ),
          ),
          h('tbody', {}, ...rows),
        )
      : h('p', { class: 'metrics-empty' }, empty),
  ];

  const render = (view: MetricsView, base: Readings, moved: Set<string>) => {
    const c = (key: string, value: number) => number('td', key, value, base, moved);
    const sessions =
      view.sessions === undefined
        ? h('p', { class: 'metrics-empty' }, 'Signed-in sessions: not counted with this session store.')
        : h(
            'dl',
            { class: 'metrics-summary' },
            h('div', {}, h('dt', {}, 'Signed-in sessions'), number('dd', 'sessions', view.sessions, base, moved)),
          );
    el.body.replaceChildren(
      sessions,
      ...table(
        'metrics-signins',
        'Sign-ins',
        ['Method', 'Outcome', 'Count'],
        1,
        view.signIns.map((s) =>
          h(
            'tr',
            { 'data-outcome': s.outcome },
            h('th', { scope: 'row' }, methodName(s.method)),
            h('td', {}, outcomeName(s.outcome)),
            c(`signin:${s.method}:${s.outcome}`, s.count),
          ),
        ),
        'No sign-in attempts yet.',
      ),
      ...table(
        'metrics-codes',
        'Codes sent',
        ['Channel', 'Connector', 'Count'],
        1,
        view.codes.map((x) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, channelName(x.method)),
            h('td', {}, x.connector),
            c(`code:${x.method}:${x.connector}`, x.count),
          ),
        ),
        'No codes sent yet.',
      ),
      ...table(
        'metrics-refusals',
        'Throttle refusals',
        ['Limit', 'Count'],
        1,
        view.refusals.map((r) =>
          h('tr', {}, h('th', { scope: 'row' }, limitName(r.limit)), c(`refusal:${r.limit}`, r.count)),
        ),
        'None: no request hit a limit.',
      ),
      ...table(
        'metrics-upstream',
        'Upstream calls',
        ['Call', 'Calls', 'Failed', 'Average'],
        3,
        view.upstream.map((u) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, callName(u.connector, u.call)),
            c(`upstream:${u.connector}:${u.call}`, u.calls),
            c(`upstream-failed:${u.connector}:${u.call}`, u.failed),
            h('td', { class: 'num' }, duration(u.averageSeconds)),
          ),
        ),
        'No upstream calls yet.',
      ),
      view.upstream.length
        ? h(
            'p',
            { class: 'metrics-note' },
            'Average: total time ÷ calls (the histogram’s _sum ÷ _count) since the BFF started. Failed: the identity system was unreachable, too slow or answered wrongly; a wrong password is not a failed call.',
          )
        : '',
      ...table(
        'metrics-breakers',
        'Circuit breakers',
        ['Connector', 'State'],
        0,
        view.breakers.map((b) =>
          h(
            'tr',
            { 'data-state': b.state },
            h('th', { scope: 'row' }, b.connector),
            h(
              'td',
              { class: moved.has(`breaker:${b.connector}`) ? 'moved' : undefined },
              breakerName(b.state),
              b.changes ? ` (${fmt(b.changes)} changes)` : '',
            ),
          ),
        ),
        'No connector with a breaker.',
      ),
    );
  };

  const announceLater = () => {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(() => {
      if (!previous || !announced) return;
      const text = describeChanges(announced, previous);
      announced = previous;
      if (text) el.announce.textContent = text;
    }, settleMs);
  };

  const poll = async () => {
    const id = preset;
    const mine = generation;
    if (!id) return;
    try {
      const text = await fetchMetrics(id);
      if (mine !== generation) return;
      const view = summarize(text);
      const now = readings(view);
      let base = baselines.get(id);
      if (!base) baselines.set(id, (base = now));
      announced ??= now;
      const moved = new Set<string>();
      if (previous) for (const [key, r] of now) if ((previous.get(key)?.value ?? 0) !== r.value) moved.add(key);
      const key = JSON.stringify(view);
      if (key !== lastView || moved.size) render(view, base, moved);
      lastView = key;
      previous = now;
      if (moved.size) announceLater();
      setState('live', `Live · every ${intervalMs / 1000} s`);
      el.body.setAttribute('aria-busy', 'false');
    } catch {
      if (mine !== generation) return;
      setState('unavailable', 'Not answering; retrying');
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    if (stopped || !preset || document.visibilityState === 'hidden') return;
    timer = setTimeout(() => void poll().finally(schedule), intervalMs);
  };

  const resume = () => {
    clearTimeout(timer);
    if (stopped || !preset) return;
    if (document.visibilityState === 'hidden') {
      setState('paused', 'Paused while the tab is hidden');
      return;
    }
    const mine = generation;
    void poll().finally(() => {
      if (mine === generation) schedule();
    });
  };

  const onVisibility = () => resume();
  document.addEventListener('visibilitychange', onVisibility);

  return {
    show(presetId) {
      generation++;
      preset = presetId;
      previous = undefined;
      announced = undefined;
      lastView = '';
      clearTimeout(settleTimer);
      el.body.replaceChildren();
      if (!presetId) {
        el.raw.hidden = true;
        setState('idle', 'No preset');
        return;
      }
      el.raw.hidden = false;
      el.raw.href = `/demo/metrics/${encodeURIComponent(presetId)}`;
      el.body.setAttribute('aria-busy', 'true');
      resume();
    },
    stop() {
      stopped = true;
      generation++;
      clearTimeout(timer);
      clearTimeout(settleTimer);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
