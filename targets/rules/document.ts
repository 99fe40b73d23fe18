/**
 * A tiny document model for the rule sheet, rendered as Markdown or as one self-contained HTML
 * page, so both formats always say the same thing. User strings (feature, category, class and
 * model names, file paths) only ever appear in `code` inlines: a Markdown code span (fenced
 * with enough backticks, so no content can close it early — and CommonMark shows HTML inside a
 * code span as text) or an HTML <code> element with the text escaped. Fixed wording is `text`.
 */

export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  /** A named condition (`C3`): plain in Markdown, a link to its definition in HTML. */
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'strong'; readonly text: string }
  /** Secondary information (rule statistics): plain in Markdown, dimmed in HTML. */
  | { readonly kind: 'note'; readonly text: string };

export interface ListItem {
  readonly content: readonly Inline[];
  /** HTML id (an anchor for named conditions). */
  readonly id?: string;
  /** Markdown marker override: the item's number for ordered lists. */
  readonly number?: number;
}

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2; readonly content: readonly Inline[] }
  | { readonly kind: 'paragraph'; readonly content: readonly Inline[]; readonly className?: string }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly ListItem[]; readonly className?: string };

export interface Document {
  /** Plain-text title (the HTML <title>); user strings in it are escaped by the renderer. */
  readonly title: string;
  readonly blocks: readonly Block[];
}

export const text = (t: string): Inline => ({ kind: 'text', text: t });
export const code = (t: string): Inline => ({ kind: 'code', text: t });
export const ref = (name: string): Inline => ({ kind: 'ref', name });
export const strong = (t: string): Inline => ({ kind: 'strong', text: t });
export const note = (t: string): Inline => ({ kind: 'note', text: t });

// ---------------------------------------------------------------- Markdown

/** A CommonMark code span that shows `content` verbatim (no newlines expected). */
export function codeSpan(content: string): string {
  const runs = content.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  // One space of padding is stripped again by CommonMark when both sides have it.
  const pad = /^[` ]|[` ]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

function markdownInline(parts: readonly Inline[]): string {
  return parts
    .map((p) => {
      switch (p.kind) {
        case 'text':
          return p.text;
        case 'code':
          return codeSpan(p.text.replace(/[\r\n]+/g, ' '));
        case 'ref':
          return p.name;
        case 'strong':
          return `**${p.text}**`;
        case 'note':
          return p.text;
      }
    })
    .join('');
}

export function renderMarkdown(doc: Document): string {
  const out: string[] = [];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${markdownInline(b.content)}`);
        break;
      case 'paragraph':
        out.push(markdownInline(b.content));
        break;
      case 'list':
        out.push(
          b.items
            .map((item, i) => `${b.ordered ? `${item.number ?? i + 1}.` : '-'} ${markdownInline(item.content)}`)
            .join('\n'),
        );
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}

// ---------------------------------------------------------------- HTML

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function htmlInline(parts: readonly Inline[]): string {
  return parts
    .map((p) => {
      switch (p.kind) {
        case 'text':
          return escapeHtml(p.text);
        case 'code':
          return `<code dir="ltr">${escapeHtml(p.text)}</code>`;
        case 'ref':
          return `<a class="ref" href="#${escapeHtml(p.name)}">${escapeHtml(p.name)}</a>`;
        case 'strong':
          return `<strong>${escapeHtml(p.text)}</strong>`;
        case 'note':
          return `<span class="stats">${escapeHtml(p.text)}</span>`;
      }
    })
    .join('');
}

const STYLE = `
  :root { color-scheme: light; }
  body { margin: 0; background: #f6f7f9; color: #1d2430; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; background: #fff; }
  h1 { font-size: 1.6rem; margin: 0 0 1rem; }
  h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 1px solid #d8dde6; }
  code { font: 0.92em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef1f6; border-radius: 3px; padding: 0.05em 0.3em; white-space: pre-wrap; overflow-wrap: anywhere; }
  ol.rules > li, ol.scores > li { margin: 0.35rem 0; }
  ul.conditions > li { margin: 0.3rem 0; list-style: none; }
  ul.conditions > li:target { background: #fff6d6; }
  a.ref { font-weight: 600; color: #1a56b0; text-decoration: none; }
  p.otherwise { font-weight: 600; }
  p.note { color: #4a5568; font-size: 0.92rem; }
  .stats { color: #4a5568; }
  @media print { body { background: #fff; } main { padding: 0; } }
`;

/**
 * The sheet's content as an HTML fragment (no page around it, no style), so another page — the
 * `dbnc report` page — can embed exactly what the rule sheet says. `headingShift` demotes the
 * headings (1: the sheet's h1 becomes an h2) to fit the host page's outline.
 */
export function renderHtmlFragment(doc: Document, headingShift = 0): string {
  const out: string[] = [];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'heading': {
        const level = Math.min(6, b.level + headingShift);
        out.push(`<h${level}>${htmlInline(b.content)}</h${level}>`);
        break;
      }
      case 'paragraph':
        out.push(`<p${b.className ? ` class="${escapeHtml(b.className)}"` : ''}>${htmlInline(b.content)}</p>`);
        break;
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        out.push(`<${tag}${b.className ? ` class="${escapeHtml(b.className)}"` : ''}>`);
        for (const item of b.items) {
          const id = item.id ? ` id="${escapeHtml(item.id)}"` : '';
          const value = b.ordered && item.number !== undefined ? ` value="${item.number}"` : '';
          out.push(`<li${id}${value}>${htmlInline(item.content)}</li>`);
        }
        out.push(`</${tag}>`);
        break;
      }
    }
  }
  return out.join('\n');
}

export function renderHtml(doc: Document): string {
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
  ];
  if (doc.blocks.length > 0) out.push(renderHtmlFragment(doc));
  out.push('</main>', '</body>', '</html>');
  return `${out.join('\n')}\n`;
}
