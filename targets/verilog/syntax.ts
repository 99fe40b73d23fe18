/**
 * Verilog expression syntax for the shared renderer. Everything is unsigned; booleans are 1-bit.
 *
 * Verilog sizes arithmetic by context, which silently breaks naive code: `a + b` of two 1-bit
 * wires is 1 bit wide where its result is, and `~a` in a 4-bit context is 4'b1110 when a = 1.
 * So counts are never left to context: every expression is rendered for one integer width W
 * (wide enough for the largest count or sum in it), every 0/1 term is zero-extended to W
 * explicitly inside a concatenation (`{3'd0, a}`, where its operand is self-determined),
 * constants are W-bit literals, and comparisons against them yield 1-bit results.
 */
import { renderExpr, type ExprSyntax } from '../core/render';
import type { Expr } from '../core/plan';
import { bitsFor } from './names';

/** Largest value a count/sum node directly inside `expr` (not behind a reference) can take. */
function largestCount(expr: Expr): number {
  switch (expr.kind) {
    case 'const':
    case 'input':
    case 'ref':
      return 0;
    case 'not':
      return largestCount(expr.arg);
    case 'and':
    case 'or':
    case 'xor':
      return Math.max(0, ...expr.args.map(largestCount));
    case 'atLeast':
    case 'exactly':
      return Math.max(expr.args.length, ...expr.args.map(largestCount));
    case 'sum':
      if (expr.offset < 0) throw new Error(`verilog: a sum with the negative offset ${expr.offset} is not supported`);
      return Math.max(expr.offset + expr.args.length, ...expr.args.map(largestCount));
  }
}

/** The integer width an expression is rendered at: enough for its largest count, at least 2. */
export function integerWidth(expr: Expr): number {
  return Math.max(2, bitsFor(largestCount(expr)));
}

/** `{3'd0, x}`: a 1-bit value zero-extended to `width` bits. */
export function zeroExtend(bit: string, width: number): string {
  return width <= 1 ? bit : `{${width - 1}'d0, ${bit}}`;
}

export function literal(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0 || bitsFor(value) > width) {
    throw new Error(`verilog: ${value} does not fit in ${width} unsigned bits`);
  }
  return `${width}'d${value}`;
}

/** Removes one pair of parentheses around the whole text, if it has them. */
export function stripParens(text: string): string {
  if (!text.startsWith('(') || !text.endsWith(')')) return text;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') {
      depth--;
      if (depth === 0 && i < text.length - 1) return text;
    }
  }
  return text.slice(1, -1);
}

/** The syntax for one expression, its integers `width` bits wide. */
export function verilogSyntax(width: number, input: (bit: number) => string): ExprSyntax {
  return {
    true: "1'b1",
    false: "1'b0",
    input,
    ref: (name) => name,
    // `~~x` is not Verilog-2005 (Icarus rejects it; Yosys reads it): a negated negation is `~(~x)`.
    not: (arg) => (arg.startsWith('~') ? `~(${arg})` : `~${arg}`),
    and: (args) => `(${args.join(' & ')})`,
    or: (args) => `(${args.join(' | ')})`,
    xor: (args) => `(${args.join(' ^ ')})`,
    toInt: (condition) => zeroExtend(condition, width),
    int: (value) => literal(value, width),
    add: (args) => `(${args.join(' + ')})`,
    compare: (integer, op, k) => `(${integer} ${op === '=' ? '==' : '>='} ${literal(k, width)})`,
    maxArity: 16,
  };
}

/** Longest single line before a top-level AND/OR/XOR/sum is broken one term per line. */
const LINE = 96;

/**
 * An expression as the right-hand side of an `assign`, without outer parentheses; a long
 * top-level AND/OR/XOR or sum is printed one term per line, continuation lines indented by
 * `indent`.
 */
export function renderRhs(expr: Expr, input: (bit: number) => string, indent: string): { text: string; width: number } {
  const width = integerWidth(expr);
  const syntax = verilogSyntax(width, input);
  const flat = stripParens(renderExpr(expr, syntax));
  if (flat.length <= LINE || expr.kind === 'not' || expr.kind === 'atLeast' || expr.kind === 'exactly' || !('args' in expr) || expr.args.length < 2) {
    return { text: flat, width };
  }
  // Each term rendered alone is one operand (an identifier, ~operand, (…) or {…}).
  if (expr.kind === 'sum') {
    const terms = expr.args.map((a) => syntax.toInt(renderExpr(a, syntax)));
    if (expr.offset !== 0) terms.push(syntax.int(expr.offset));
    return { text: terms.map((t, i) => (i === 0 ? t : `${indent}+ ${t}`)).join('\n'), width };
  }
  const op = expr.kind === 'and' ? '&' : expr.kind === 'or' ? '|' : '^';
  const terms = expr.args.map((a) => renderExpr(a, syntax));
  return { text: terms.map((t, i) => (i === 0 ? t : `${indent}${op} ${t}`)).join('\n'), width };
}
