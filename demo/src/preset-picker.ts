/** The "Identity system" radio group: one option per preset, unavailable ones disabled with why. */
import type { PresetView } from './api.js';
import { h } from './dom.js';

export function renderPresetPicker(
  container: HTMLElement,
  presets: PresetView[],
  selected: string,
  onChange: (id: string) => void,
): void {
  container.replaceChildren(
    ...presets.map((p) => {
      const input = h('input', {
        type: 'radio',
        name: 'preset',
        value: p.id,
        checked: p.id === selected,
        disabled: !p.available,
        'aria-describedby': `preset-desc-${p.id}`,
      });
      input.addEventListener('change', () => input.checked && onChange(p.id));
      // The description stays outside the label: the radio's name is the preset's name alone.
      return h(
        'span',
        { class: 'preset-item' },
        h(
          'label',
          { class: 'preset-option', 'data-available': String(p.available) },
          input,
          h('span', { class: 'preset-label' }, p.label),
        ),
        h(
          'span',
          { class: 'visually-hidden', id: `preset-desc-${p.id}` },
          p.available ? p.description : 'Not available yet',
        ),
      );
    }),
  );
}
