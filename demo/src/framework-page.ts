/** What the React and Vue pages share: the preset to use and the page theme, from the URL. */
import './styles.css';
import { fetchPresets, type PresetView } from './api.js';
import { applyTheme, readSettings, type Settings } from './settings.js';

export interface SignedInUser {
  id: string;
  displayName?: string;
  provider?: string;
}

export async function frameworkSetup(): Promise<{ preset: PresetView | undefined; settings: Settings }> {
  const presets = await fetchPresets();
  const available = presets.filter((p) => p.available);
  const settings = readSettings(available[0]?.id ?? '');
  const preset = available.find((p) => p.id === settings.preset) ?? available[0];
  applyTheme(settings.theme);
  return { preset, settings };
}
