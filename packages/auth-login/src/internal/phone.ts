import type { css as litCss, html as litHtml, nothing as litNothing, TemplateResult } from 'lit';
import type { MethodHost } from '../methods/method.js';

/**
 * The country selector of a phone field and what it sends (E.164): a chunk of its own, fetched
 * when a phone field first renders. Until it arrives, or where it cannot load (dist/chunks/ not
 * served), the field is a plain `tel` input and the number is sent as typed (`+33…` works).
 * Imports nothing at run time (Lit's parts are handed over), so Lit stays in the main file.
 *
 * Every ITU-T E.164 calling code with its regions (ISO 3166 codes, the region that owns the
 * code's numbering plan first): digits, then the regions' two-letter codes run together.
 */
const TABLE =
  '1USAGAIASBBBMBSCADMDOGDGUJMKNKYLCMPMSPRSXTCTTVCVGVI7RUKZ20EG27ZA30GR31NL32BE33FR34ES36HU39ITVA40RO41CH43AT44GBGGIMJE45DK46SE47NOSJ48PL49DE51PE52MX53CU54AR55BR56CL57CO58VE60MY61AUCCCX62ID63PH64NZ65SG66TH81JP82KR84VN86CN90TR91IN92PK93AF94LK95MM98IR211SS212MAEH213DZ216TN218LY220GM221SN222MR223ML224GN225CI226BF227NE228TG229BJ230MU231LR232SL233GH234NG235TD236CF237CM238CV239ST240GQ241GA242CG243CD244AO245GW246IO247AC248SC249SD250RW251ET252SO253DJ254KE255TZ256UG257BI258MZ260ZM261MG262REYT263ZW264NA265MW266LS267BW268SZ269KM290SHTA291ER297AW298FO299GL350GI351PT352LU353IE354IS355AL356MT357CY358FIAX359BG370LT371LV372EE373MD374AM375BY376AD377MC378SM380UA381RS382ME383XK385HR386SI387BA389MK420CZ421SK423LI500FK501BZ502GT503SV504HN505NI506CR507PA508PM509HT590GPBLMF591BO592GY593EC594GF595PY596MQ597SR598UY599CWBQ670TL672NF673BN674NR675PG676TO677SB678VU679FJ680PW681WF682CK683NU685WS686KI687NC688TV689PF690TK691FM692MH850KP852HK853MO855KH856LA880BD886TW960MV961LB962JO963SY964IQ965KW966SA967YE968OM970PS971AE972IL973BH974QA975BT976MN977NP992TJ993TM994AZ995GE996KG998UZ';

/** Region → calling code. */
const codes = new Map<string, string>();
for (const [, cc, regions] of TABLE.matchAll(/(\d+)(\D+)/g))
  for (const region of regions!.match(/../g)!) codes.set(region, cc!);

/** Regions whose national numbers may start with 0 (no trunk prefix to drop): Italy's landlines, ... */
const KEEP_ZERO = 'ITSMVABJCGCIGA';
/** International prefixes other than 00: dialled from these regions, `011 33 …` is +33 …. */
const IDD: Record<string, string> = { JP: '010', AU: '0011', RU: '810', KZ: '810', BY: '810', TM: '810' };
/**
 * Trunk prefixes other than 0, by calling code, with the length of a number that has one (the
 * prefix is a digit national numbers may also start with): North America and the Marshall
 * Islands `1`, Russia/Kazakhstan, Belarus and Turkmenistan `8`.
 */
const TRUNK: Record<string, [string, number]> = {
  1: ['1', 11],
  692: ['1', 8],
  7: ['8', 11],
  375: ['8', 10],
  993: ['8', 9],
};

/**
 * A phone number as typed or pasted (spaces, dashes, dots, brackets) → E.164, given the region
 * picked. International input (`+…`, `00…`, or the region's own prefix: `011…` in North America)
 * ignores the region. Otherwise the trunk prefix is dropped: `0` in most of the world (`(0)` also
 * after a calling code, `+49 (0)30…`), `1` in North America, `8` in Russia (TRUNK), `06` in Hungary; Italy and a few others keep their leading 0. Anything that is not a
 * phone number, or a national number with no region, is returned trimmed, for the BFF to judge.
 */
export function toE164(typed: string, region = ''): string {
  const text = typed.trim();
  if (!/^\+?[\d\s().\-/]+$/.test(text)) return text;
  let digits = text.replace('(0)', '').replace(/\D/g, '');
  const cc = codes.get(region);
  const idd = text[0] == '+' ? '' : (IDD[region] ?? (cc == '1' ? '011' : '00'));
  if (text[0] == '+' || digits.startsWith(idd)) return `+${digits.slice(idd.length)}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (!cc) return text;
  const [trunk, length] = TRUNK[cc] ?? [region == 'HU' ? '06' : KEEP_ZERO.includes(region) ? '' : '0', 0];
  if (trunk && digits.startsWith(trunk) && (!length || digits.length == length)) digits = digits.slice(trunk.length);
  return `+${cc}${digits}`;
}

/** The region of a language tag: `fr-FR` → FR, `fr` → FR (its likely region), `` → undefined. */
export function regionOf(tag: string): string | undefined {
  try {
    return new Intl.Locale(tag).maximize().region;
  } catch {
    return undefined;
  }
}

/** Regional-indicator symbols: FR → 🇫🇷 (the platform draws a flag, or the two letters). */
const flag = (region: string) => String.fromCodePoint(...[...region].map((c) => c.charCodeAt(0) + 0x1f1a5));

/** The host's `GET /config` phone settings: a default country and the countries offered. */
export interface PhoneConfig {
  defaultCountry?: string;
  countries?: string[];
}

export interface PhoneKit {
  /** The country selector (its own labelled field) of method `id`'s phone field. */
  render(id: string): TemplateResult;
  /** What to send for the number typed: E.164 with the country shown. */
  e164(typed: string): string;
}

let sheet: CSSStyleSheet | undefined;

/**
 * One element's selector: the country it shows is the user's pick, else `GET /config`'s
 * `phone.defaultCountry`, else the region of the widget's language; none when that is not offered.
 * One choice for every tab of the element.
 */
export function phoneKit(
  { html, css, nothing }: { html: typeof litHtml; css: typeof litCss; nothing: typeof litNothing },
  host: MethodHost,
): PhoneKit {
  // The select sits beside the tel input in the default card (25rem), inputs aligned when a label
  // wraps; in a narrower one (phones) each takes a row of its own. The `.tel` row is in the main
  // template from the first render, so the input is not re-created when this arrives.
  sheet ??= css`
    .tel {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: var(--_space) 0.5rem;
    }
    .tel > * {
      flex: 1 1 9.5rem;
      min-width: 0;
    }
    .tel > :first-child {
      flex-basis: 11rem;
    }
    select {
      display: block;
      width: 100%;
      min-height: var(--_h);
      padding: 0 0.375rem;
      border: 1px solid var(--_border);
      border-radius: var(--_control-radius);
      background: var(--_bg);
      color: inherit;
      font: inherit;
      text-overflow: ellipsis;
    }
    select:hover {
      border-color: var(--_text);
    }
  `.styleSheet;
  const root = host.root;
  if (root && sheet && !root.adoptedStyleSheets.includes(sheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  let picked: string | undefined;
  /** The options: [region, label, name], sorted by name in the widget's language. */
  let options: { key: string; list: [string, string, string][]; collator: Intl.Collator } | undefined;
  // Keyboard type-ahead by country name: the browsers' own matches the option text from its start,
  // which is the flag. Letters typed within a second make one prefix (`fr` → France), accents and
  // case ignored, as the native one does.
  let prefix = '';
  let at = 0;
  const typeAhead = (e: KeyboardEvent) => {
    if (!options || e.key.length != 1 || e.altKey || e.ctrlKey || e.metaKey || (e.key == ' ' && !prefix)) return;
    prefix = (e.timeStamp - at < 1000 ? prefix : '') + e.key;
    at = e.timeStamp;
    const { list, collator } = options;
    const found = list.find(([, , name]) => !collator.compare(name.slice(0, prefix.length), prefix));
    e.preventDefault();
    if (!found) return;
    (e.currentTarget as HTMLSelectElement).value = picked = found[0];
    host.requestUpdate();
  };

  const offered = (): string[] => {
    const only = host.phone?.countries;
    return only?.length ? only.filter((r) => codes.has(r)) : [...codes.keys()];
  };
  const current = (): string => {
    const regions = offered();
    const wanted = picked ?? host.phone?.defaultCountry ?? regionOf(host.tag) ?? '';
    return regions.includes(wanted) ? wanted : '';
  };

  return {
    e164: (typed) => toE164(typed, current()),
    render(id) {
      const t = host.t;
      const regions = offered();
      const key = host.locale + regions.join();
      if (options?.key != key) {
        const names = new Intl.DisplayNames(host.locale, { type: 'region' });
        const collator = new Intl.Collator(host.locale);
        options = {
          key,
          collator: new Intl.Collator(host.locale, { sensitivity: 'base' }),
          list: regions
            .map((r) => [r, names.of(r) ?? r])
            .sort((a, b) => collator.compare(a[1]!, b[1]!))
            // The calling code isolated left to right: `(+33)` keeps its order in Arabic.
            .map(([r, name]) => [r!, `${flag(r!)} ${name} \u2066(+${codes.get(r!)})\u2069`, name!]),
        };
      }
      const chosen = current();
      const select = `${id}-country`;
      return html`<div part="field" class="field">
        <label part="label" for=${select}>${t.country}</label>
        <select
          part="select"
          id=${select}
          autocomplete="off"
          @keydown=${typeAhead}
          @change=${(e: Event) => {
            picked = (e.target as HTMLSelectElement).value;
            host.requestUpdate();
          }}
        >
          ${chosen ? nothing : html`<option value="" selected>${t.country}</option>`}
          ${options.list.map(([r, label]) => html`<option value=${r} ?selected=${r == chosen}>${label}</option>`)}
        </select>
      </div>`;
    },
  };
}
