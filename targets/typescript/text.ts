/** Literals and comments for the emitted TypeScript, safe for any column, category or label text. */
import { escapeInvisible, jsonString } from '../../src/util/visible_text';

/**
 * A string literal (JSON's escaping is valid TypeScript), with every invisible, space-like or
 * text-reordering character escaped (src/util/visible_text.ts): no "Trojan Source" in the
 * generated code, and U+2028/U+2029, which tools older than ES2019 take for line ends.
 */
export function str(value: string): string {
  return jsonString(value);
}

/** Longest comment text kept by default (descriptions of big expressions are cut). */
const MAX_COMMENT = 400;

/**
 * Comment text on one line: line breaks written `\n`, `\r`, other invisible or reordering
 * characters `\uXXXX` (line terminators would end the comment; bidi controls would hide code).
 */
function oneLine(text: string, max: number): string {
  const line = escapeInvisible(text.replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r')));
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
