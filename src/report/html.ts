/**
 * HTML building blocks for the report page. Every user-provided string goes through `escapeHtml`
 * (the rule sheet's own escaper, so both pages escape alike) before it reaches the page; the
 * helpers here take already-safe HTML only where their parameter says `Html`.
 */
import { escapeHtml } from '../../targets/rules/document';
import { formatPercent } from '../util/percent';
import { hasInvisible, jsonString } from '../util/visible_text';

export { escapeHtml };

/** A string that is already HTML (escaped text or markup built from escaped parts). */
export type Html = string & { readonly __html: true };

/** Marks trusted markup (built here from escaped parts) as HTML. */
export const html = (markup: string): Html => markup as Html;

/** Escaped text. */
export const textHtml = (text: string): Html => html(escapeHtml(text));

/** A user string shown verbatim in a <code> element (names, labels, file paths, hashes). */
export const codeHtml = (text: string): Html => html(`<code dir="ltr">${escapeHtml(visible(text))}</code>`);

/**
 * A name as the page shows it: as is, or — holding a character one cannot see or that reorders
 * text — as a JSON string with that character escaped (`"ok\u200B"`), which the quotes set apart
 * from a name that is literally `ok\u200B`.
 */
const visible = (text: string): string => (hasInvisible(text) ? jsonString(text) : text);

/** 0.8421 → "84.21%"; null → an en dash (no rows to measure it on). */
export function percent(x: number | null): string {
  return x === null ? '–' : formatPercent(x, 2);
}

/** 12345 → "12,345" (fixed locale, so the page's bytes never depend on the machine). */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A two-column table of labelled values (`<th scope="row">` + `<td>`). */
export function definitionTable(rows: ReadonlyArray<readonly [string, Html]>, className = 'facts'): Html {
  const body = rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`).join('\n');
  return html(`<table class="${escapeHtml(className)}">\n<tbody>\n${body}\n</tbody>\n</table>`);
}
