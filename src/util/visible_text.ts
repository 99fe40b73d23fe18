/**
 * Names, categories and labels come from users' files and end up in text that people audit:
 * rule sheets, reports, comments and string literals of the emitted code. Some characters in
 * them cannot be seen (zero-width spaces, soft hyphens, controls), look like a plain space
 * (no-break and other Unicode spaces), or reorder the text after them (bidirectional controls
 * such as U+202E, the "Trojan Source" trick). Written raw, two different categories can look
 * identical on a rule sheet, or a rule's THEN can be shown reversed. These helpers write each
 * such character as a `\uXXXX` escape, which JSON, JavaScript and the sheet's reader all parse
 * back to the same text.
 */

/**
 * Controls (Cc), format characters (Cf: zero-width, bidi controls, BOM, soft hyphen), line and
 * paragraph separators, and every space separator but U+0020.
 */
const INVISIBLE = /(?! )[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}]/gu;
/** The same class, for a test (a global regex's `test` would carry `lastIndex` between calls). */
const ANY_INVISIBLE = new RegExp(INVISIBLE.source, 'u');

const hex4 = (unit: number): string => `\\u${unit.toString(16).toUpperCase().padStart(4, '0')}`;

/** `\uXXXX` (a surrogate pair of them beyond the BMP), as in JSON and JavaScript. */
export function unicodeEscape(char: string): string {
  let out = '';
  for (let i = 0; i < char.length; i++) out += hex4(char.charCodeAt(i));
  return out;
}

/** True when the text holds a character `escapeInvisible` would escape. */
export function hasInvisible(text: string): boolean {
  return ANY_INVISIBLE.test(text);
}

/** The text with each invisible, space-like or reordering character written as `\uXXXX`. */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, unicodeEscape);
}

/**
 * A JSON string literal (valid JavaScript and TypeScript too) whose every character is visible:
 * JSON.stringify's escapes, plus `\uXXXX` for the characters above (U+2028 and U+2029 among
 * them, which JSON leaves raw and older JavaScript takes for line breaks).
 */
export function jsonString(text: string): string {
  return escapeInvisible(JSON.stringify(text));
}
