/**
 * `--target rules --format md|html [--data file]`: the rule sheet — the compiled model as a
 * decision procedure a quality inspector can apply by hand (see rules/sheet.ts for the wording,
 * rules/procedure.ts for its shape). Markdown by default; `--format html` gives one
 * self-contained page with the same content.
 */
import { planProgram } from './core/plan';
import { renderHtml, renderMarkdown } from './rules/document';
import { buildProcedure } from './rules/procedure';
import { buildDocument } from './rules/sheet';
import type { EmitInput, Target, TargetOptions } from './types';

export function ruleSheet(input: EmitInput): string {
  const plan = planProgram(input.program);
  const document = buildDocument(input, plan, buildProcedure(plan));
  return input.options?.format === 'html' ? renderHtml(document) : renderMarkdown(document);
}

/** The artifact's extension for these options (`Target.extension` is the Markdown default). */
export function rulesExtension(options?: TargetOptions): string {
  return options?.format === 'html' ? 'html' : 'md';
}

export const rulesTarget: Target & { readonly extensionFor: (options?: TargetOptions) => string } = {
  name: 'rules',
  description: 'a rule sheet for people: ordered IF … THEN rules in the features’ own terms (Markdown, or HTML with --format html)',
  extension: 'md',
  extensionFor: rulesExtension,
  emit: ruleSheet,
};
