/** Literals and comments for the emitted TypeScript, safe for any column, category or label text. */

/**
 * A string literal (JSON's escaping is valid TypeScript), with U+2028/U+2029 escaped too: JSON
 * leaves them raw, and tools older than ES2019 end a line there.
 */
export function str(value: string): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Longest comment text kept by default (descriptions of big expressions are cut). */
const MAX_COMMENT = 400;

/** Comment text on one line: JavaScript's line terminators escaped (`\n`, `\u2028`), long text cut. */
function oneLine(text: string, max: number): string {
  const line = text.replace(/[\r\n\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16)}`));
  return line.length > max ? `${line.slice(0, max)} …` : line;
}

/** A doc comment on one line (`*` + `/` inside is defused). */
export function comment(text: string, indent: string): string {
  return `${indent}/** ${oneLine(text, MAX_COMMENT).replace(/\*\//g, '*\\/')} */`;
}

/** A line comment; `max` = longest text kept. */
export function lineComment(text: string, max = MAX_COMMENT): string {
  return `// ${oneLine(text, max)}`;
}
