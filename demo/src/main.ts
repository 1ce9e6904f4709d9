/** The demo page: wires the preset picker, widget, inbox, events, metrics, controls and snippet together. */
import './styles.css';
import { fetchPresets, type PresetView } from './api.js';
import { renderAccounts } from './accounts-panel.js';
import { byId, copyText, h } from './dom.js';
import { attachEventsLog } from './events-log.js';
import { startInbox } from './inbox-panel.js';
import { startMetricsPanel } from './metrics-panel.js';
import { renderPresetPicker } from './preset-picker.js';
import { applyTheme, DEFAULT_ACCENT, readSettings, writeSettings, type Settings } from './settings.js';
import { embedSnippet } from './snippet.js';
import { applyWidgetSettings, mountWidget } from './widget.js';

async function main(): Promise<void> {
  const presets = await fetchPresets();
  const firstAvailable = presets.find((p) => p.available)?.id ?? presets[0]?.id ?? '';
  const settings: Settings = readSettings(firstAvailable);
  if (!presets.some((p) => p.id === settings.preset && p.available)) settings.preset = firstAvailable;

  const frame = byId('widget-frame');
  const controls = byId<HTMLFormElement>('controls');
  let widget: HTMLElement | undefined;
  const current = (): PresetView | undefined => presets.find((p) => p.id === settings.preset);

  const renderSnippet = () => {
    const preset = current();
    byId('snippet').textContent = embedSnippet(settings, preset?.tabs.map((t) => t.method) ?? []);
    byId('bff-yaml').textContent = preset?.yaml ?? '';
  };

  const metrics = startMetricsPanel({
    body: byId('metrics'),
    state: byId('metrics-state'),
    raw: byId<HTMLAnchorElement>('metrics-raw'),
    announce: byId('metrics-announce'),
  });

  const showPreset = () => {
    const preset = current();
    metrics.show(preset?.available ? preset.id : undefined);
    const summary = byId('preset-summary');
    summary.replaceChildren();
    if (preset) summary.append(h('strong', {}, preset.label), ` · ${preset.description}`);
    const note = byId('preset-note');
    note.hidden = !preset?.note;
    note.textContent = preset?.note ?? '';
    renderAccounts(byId('accounts'), preset);
    if (preset?.available) widget = mountWidget(frame, preset.endpoint, settings);
    else frame.replaceChildren();
    renderSnippet();
  };

  const update = () => {
    writeSettings(settings);
    applyTheme(settings.theme);
    if (widget) applyWidgetSettings(widget, settings);
    byId('radius-value').textContent = `${settings.radius}px`;
    byId('accent-value').textContent =
      settings.accent.toLowerCase() === DEFAULT_ACCENT ? 'widget default' : settings.accent;
    renderSnippet();
  };

  // Controls reflect the settings read from the URL.
  (controls.elements.namedItem('lang') as HTMLSelectElement).value = settings.lang;
  for (const r of controls.querySelectorAll<HTMLInputElement>('input[name="theme"]'))
    r.checked = r.value === settings.theme;
  (controls.elements.namedItem('accent') as HTMLInputElement).value = settings.accent;
  (controls.elements.namedItem('radius') as HTMLInputElement).value = String(settings.radius);
  controls.addEventListener('input', () => {
    const data = new FormData(controls);
    settings.lang = data.get('lang') as Settings['lang'];
    settings.theme = data.get('theme') as Settings['theme'];
    settings.accent = data.get('accent') as string;
    settings.radius = Number(data.get('radius'));
    update();
  });
  controls.addEventListener('submit', (e) => e.preventDefault());

  renderPresetPicker(byId('preset-options'), presets, settings.preset, (id) => {
    settings.preset = id;
    writeSettings(settings);
    showPreset();
  });
  for (const p of presets.filter((x) => !x.available))
    console.warn(`[demo] preset ${p.id} unavailable: ${p.note ?? ''}`);

  attachEventsLog(frame, byId('events'), byId<HTMLButtonElement>('events-clear'));
  startInbox(byId('inbox'));
  const copy = byId<HTMLButtonElement>('copy-snippet');
  copy.addEventListener('click', () => void copyText(byId('snippet').textContent ?? '', copy));

  showPreset();
  update();
  document.documentElement.dataset.ready = 'true';
}

main().catch((err: unknown) => {
  console.error(err);
  byId('widget-frame').textContent = 'The demo server did not answer. Is `pnpm demo` still running?';
});
