/**
 * Line numbers of CSV records, as an editor counts them: every CRLF, LF or lone CR ends a line,
 * blank lines count, and a record whose quoted field holds a line break spans several lines (it
 * is named by the line it starts on). csv-parse's own line count is not used: it counts a CRLF
 * after a multi-line record twice.
 */

const BREAK = /\r\n|\n|\r/g;
/** Blank (or whitespace-only) lines before a record, which the parser skips into its raw text. */
const LEADING_BLANK = /^(?:[ \t\f\v]*(?:\r\n|\n|\r))*/;

function breaks(text: string): number {
  return text.match(BREAK)?.length ?? 0;
}

/** Feeds on the raw text of consecutive records (skipped blank lines included, as csv-parse's `raw` gives it). */
export class RecordLines {
  /** The line the next raw text starts on. */
  private line = 1;

  /** The line on which the record with this raw text starts, without consuming it. */
  startOf(raw: string): number {
    return this.line + breaks(raw.match(LEADING_BLANK)?.[0] ?? '');
  }

  /** The line on which the record with this raw text starts; the next record follows it. */
  next(raw: string): number {
    const start = this.startOf(raw);
    this.line += breaks(raw);
    return start;
  }
}
