/** Longest detail a ModelError carries: a hostile file must not turn one line into megabytes. */
const MAX_DETAIL_CHARS = 300;

/**
 * `text` as one printable line: control characters (newlines above all — the CLI prints only
 * the first line of a message) escaped, and long text cut with an ellipsis.
 */
export function oneLine(text: string, max = MAX_DETAIL_CHARS): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029\ufeff]/g, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A JSON value described for a message: scalars as JSON (long strings cut), containers by kind. */
export function preview(value: unknown, max = 40): string {
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (value === undefined) return 'nothing';
  if (typeof value === 'object' && value !== null) return 'an object';
  return oneLine(typeof value === 'string' ? JSON.stringify(value) : String(value), max);
}

/** A bad model file: the message names the file and the field, on one line. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${oneLine(path, 200)}: ${oneLine(detail)}`);
  }
}
