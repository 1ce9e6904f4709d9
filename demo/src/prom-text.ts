/**
 * A small parser for the Prometheus text exposition format (version 0.0.4), enough for the demo's
 * Metrics panel: `# HELP` / `# TYPE` lines, samples with labels (escaped `\\`, `\"`, `\n`), the
 * special values `+Inf`, `-Inf`, `NaN`, an optional timestamp. Histogram and summary series
 * (`_bucket`, `_sum`, `_count`) belong to the family their `# TYPE` line names. Malformed lines are
 * reported, not guessed at.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The series name as written (`x_bucket`, `x_sum`, … for a histogram). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help: string;
  samples: Sample[];
}

export interface Exposition {
  families: Map<string, Family>;
  /** Lines that are not valid exposition text, with their line number (1-based). */
  errors: { line: number; text: string; reason: string }[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

/** A sample value or `le` bound: a Go-style float, `+Inf`, `-Inf`, `NaN`. */
export function parseValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error(`not a number: ${text}`);
  return Number(text);
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

/** Reads `{a="x",b="y"}` from `text` at `start` (the `{`); returns the labels and the index after `}`. */
function readLabels(text: string, start: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start + 1;
  const skipSpace = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] === '}') return { labels, end: i + 1 };
    const name = LABEL_NAME.exec(text.slice(i))?.[0];
    if (!name) throw new Error('expected a label name');
    i += name.length;
    skipSpace();
    if (text[i] !== '=') throw new Error(`expected = after ${name}`);
    i++;
    skipSpace();
    if (text[i] !== '"') throw new Error(`expected a quoted value for ${name}`);
    i++;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Error(`unterminated value for ${name}`);
      if (c === '"') break;
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`bad escape \\${next ?? ''} in ${name}`);
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    if (name in labels) throw new Error(`label ${name} twice`);
    labels[name] = value;
    skipSpace();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new Error(`expected , or } after ${name}`);
  }
}

/** The family a series belongs to: itself, or the histogram/summary it is a `_bucket`/`_sum`/`_count` of. */
function familyOf(series: string, families: Map<string, Family>): Family {
  const own = families.get(series);
  if (own) return own;
  for (const [type, suffixes] of Object.entries(SUFFIXES)) {
    for (const suffix of suffixes) {
      if (!series.endsWith(suffix)) continue;
      const base = families.get(series.slice(0, -suffix.length));
      if (base?.type === type) return base;
    }
  }
  const family: Family = { name: series, type: 'untyped', help: '', samples: [] };
  families.set(series, family);
  return family;
}

export function parseExposition(text: string): Exposition {
  const families = new Map<string, Family>();
  const errors: Exposition['errors'] = [];
  const declare = (name: string): Family => {
    let family = families.get(name);
    if (!family) families.set(name, (family = { name, type: 'untyped', help: '', samples: [] }));
    return family;
  };
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '').trim();
    if (!line) return;
    try {
      if (line.startsWith('#')) {
        const m = /^#\s+(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s+(.*))?$/.exec(line);
        if (!m) return; // any other comment
        const [, keyword, name, rest = ''] = m;
        const family = declare(name!);
        if (keyword === 'HELP') family.help = unescapeHelp(rest);
        else {
          const type = rest.trim() as MetricType;
          if (!TYPES.has(type)) throw new Error(`unknown type ${rest}`);
          family.type = type;
        }
        return;
      }
      const name = NAME.exec(line)?.[0];
      if (!name) throw new Error('expected a metric name');
      let i = name.length;
      let labels: Record<string, string> = {};
      if (line[i] === '{') ({ labels, end: i } = readLabels(line, i));
      const rest = line.slice(i).trim().split(/\s+/);
      if (!rest[0] || rest.length > 2) throw new Error('expected a value and at most a timestamp');
      if (rest[1] !== undefined && !/^-?\d+$/.test(rest[1])) throw new Error(`bad timestamp ${rest[1]}`);
      familyOf(name, families).samples.push({ name, labels, value: parseValue(rest[0]) });
    } catch (err) {
      errors.push({ line: index + 1, text: raw, reason: err instanceof Error ? err.message : String(err) });
    }
  });
  return { families, errors };
}

/** Adds up `family`'s samples named `series` (default: the family name) by the given label names. */
export function sumBy(
  family: Family | undefined,
  keys: string[],
  series = family?.name,
): { labels: Record<string, string>; value: number }[] {
  const groups = new Map<string, { labels: Record<string, string>; value: number }>();
  for (const s of family?.samples ?? []) {
    if (s.name !== series) continue;
    const labels = Object.fromEntries(keys.map((k) => [k, s.labels[k] ?? '']));
    const id = JSON.stringify(keys.map((k) => labels[k]));
    const group = groups.get(id);
    if (group) group.value += s.value;
    else groups.set(id, { labels, value: s.value });
  }
  return [...groups.values()];
}
