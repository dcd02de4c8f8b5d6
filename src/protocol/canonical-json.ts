/**
 * JSON with object keys sorted, so equal content gives equal text (content
 * hashes, comparisons). The text is exactly what
 * `JSON.stringify(value, sortKeysReplacer)` writes; content hashes stored in a
 * ledger depend on it, so it must never change.
 */

/** JSON with object keys sorted, so equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  // Records are parsed JSON: plain objects, arrays, strings, numbers, booleans and null.
  // One pass writes those; anything else (a Date, a toJSON, index-like keys) takes the replacer.
  return plainCanonical(value) ?? JSON.stringify(value, sortKeys);
}

function sortKeys(_key: string, v: unknown): unknown {
  return v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v;
}

/** Keys that objects always list first, in numeric order, whatever order they were added in. */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

/** Quoted keys: records repeat the same few keys, and quoting each again was a third of the work. */
const quotedKeys = new Map<string, string>();

function quoteKey(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (quotedKeys.size < 1000) quotedKeys.set(key, text);
  }
  return text;
}

/** The canonical text of plain JSON data, or undefined for anything else (the caller falls back). */
function plainCanonical(v: unknown): string | undefined {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v !== 'object') return undefined;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return undefined;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (Array.isArray(v)) {
    if (proto !== Array.prototype) return undefined;
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      const item = plainCanonical(v[i]);
      if (item === undefined) return undefined;
      out += i === 0 ? item : `,${item}`;
    }
    return `${out}]`;
  }
  if (proto !== Object.prototype && proto !== null) return undefined;
  const keys = Object.keys(v).sort();
  let out = '{';
  for (const key of keys) {
    const c = key.charCodeAt(0);
    if (c >= 48 && c <= 57 && INDEX_LIKE.test(key)) return undefined;
    const item = (v as Record<string, unknown>)[key];
    // JSON leaves out undefined members (and so does the replacer's copy).
    if (item === undefined) continue;
    const text = plainCanonical(item);
    if (text === undefined) return undefined;
    out += `${out.length === 1 ? '' : ','}${quoteKey(key)}:${text}`;
  }
  return `${out}}`;
}
