/**
 * Just enough GraphQL for the documents the Authing SDKs send (docs/protocols/authing.md §5.1, simulator
 * pitfalls 1-2): there is no `operationName`, so the operation is found from the document; the
 * text starts with newlines; selection sets may repeat a field (`phoneCountryCode` twice).
 * Arguments are skipped: the SDKs always pass values through `variables`.
 */

export interface Field {
  /** Response key (alias or name). */
  key: string;
  name: string;
  selections?: Field[];
}

export interface Operation {
  type: 'query' | 'mutation';
  /** The first root field, e.g. `loginByEmail`. */
  root: Field;
  /** Declared variables → their type as written, e.g. `{input: 'LoginByEmailInput!'}`. */
  variables: Record<string, string>;
}

const TOKEN =
  /\s+|,|#[^\n]*|(\.\.\.|[{}():$![\]=@])|([_A-Za-z][_0-9A-Za-z]*)|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m || TOKEN.lastIndex === at) throw new SyntaxError(`unexpected character at ${at}`);
    const tok = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (tok !== undefined) out.push(tok);
  }
  return out;
}

/** Parses the first operation of a document; throws SyntaxError on anything it cannot read. */
export function parseOperation(text: string): Operation {
  const toks = tokenize(text);
  let i = 0;
  const peek = () => toks[i];
  const next = () => {
    const t = toks[i++];
    if (t === undefined) throw new SyntaxError('unexpected end of document');
    return t;
  };
  const skipBalanced = (open: string, close: string) => {
    let depth = 0;
    do {
      const t = next();
      if (t === open) depth++;
      else if (t === close) depth--;
    } while (depth > 0);
  };
  const selectionSet = (): Field[] => {
    if (next() !== '{') throw new SyntaxError('expected {');
    const fields: Field[] = [];
    while (peek() !== '}') {
      if (peek() === '...') throw new SyntaxError('fragments are not supported');
      const key = next();
      let name = key;
      if (peek() === ':') {
        next();
        name = next();
      }
      if (peek() === '(') skipBalanced('(', ')');
      while (peek() === '@') {
        next();
        next();
        if (peek() === '(') skipBalanced('(', ')');
      }
      const field: Field = { key, name };
      if (peek() === '{') field.selections = selectionSet();
      fields.push(field);
    }
    next();
    return fields;
  };

  /** `($a: T!, $b: [U] = x)` → {a: 'T!', b: '[U]'}; default values are skipped. */
  const variableDefinitions = (): Record<string, string> => {
    const vars: Record<string, string> = Object.create(null) as Record<string, string>;
    next(); // (
    while (peek() !== ')') {
      if (next() !== '$') throw new SyntaxError('expected $ in variable definitions');
      const name = next();
      if (next() !== ':') throw new SyntaxError('expected : in variable definitions');
      let t = '';
      while (peek() !== '$' && peek() !== ')' && peek() !== '=' && peek() !== '@') t += next();
      if (peek() === '=') {
        next();
        if (peek() === '{' || peek() === '[') skipBalanced(peek()!, peek() === '{' ? '}' : ']');
        else next();
      }
      vars[name] = t;
    }
    next(); // )
    return vars;
  };

  let type: Operation['type'] = 'query';
  let variables: Record<string, string> = {};
  if (peek() === 'query' || peek() === 'mutation') {
    type = next() as Operation['type'];
    if (peek() !== '(' && peek() !== '{') next(); // operation name
    if (peek() === '(') variables = variableDefinitions();
  }
  const roots = selectionSet();
  const root = roots[0];
  if (!root) throw new SyntaxError('empty selection set');
  return { type, root, variables };
}

/** Keeps only the requested fields (docs/protocols/authing.md §8 simulator pitfall 2); missing fields are null. */
export function project(value: unknown, selections: Field[] | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (!selections) return value;
  if (Array.isArray(value)) return value.map((v) => project(v, selections));
  if (typeof value !== 'object') return value;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // Own properties only, defined (not assigned): a selection named `__proto__` or `constructor`
  // must neither read Object.prototype nor re-parent the result object.
  for (const f of selections) {
    const v = Object.hasOwn(src, f.name) ? project(src[f.name], f.selections) : null;
    Object.defineProperty(out, f.key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
