/** Literals and comments for the emitted TypeScript, safe for any column, category or label text. */

/** A string literal (JSON's escaping is valid TypeScript). */
export function str(value: string): string {
  return JSON.stringify(value);
}

/** Longest comment text kept by default (descriptions of big expressions are cut). */
const MAX_COMMENT = 400;

/** Comment text on one line: line breaks escaped, long text cut. */
function oneLine(text: string, max: number): string {
  const line = text.replace(/[\r\n\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
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
