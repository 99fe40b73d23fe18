/**
 * Rendering Plan expressions in a target's syntax. A target supplies an ExprSyntax (how to
 * write a literal, NOT, an n-ary AND/OR/XOR, a 0/1 count, an integer sum and a comparison);
 * the walker here does the rest, including keeping trees shallow: n-ary nodes with more than
 * `maxArity` arguments are split into a balanced tree of chunks, so an expression over 5,880
 * terms nests log-deep, never 5,880-deep (SQLite and DuckDB stop at depth 1000).
 */
import { formatPredicate, type BitPredicate } from '../../src/data/predicate';
import type { Expr } from './plan';

export interface ExprSyntax {
  readonly true: string;
  readonly false: string;
  /** The condition of input bit `bit` (a predicate on a feature, a port, a variable). */
  input(bit: number): string;
  /** A named definition (`integer` for sums). */
  ref(name: string, integer: boolean): string;
  not(arg: string): string;
  /** n-ary, n ≥ 2; arguments already rendered. */
  and(args: readonly string[]): string;
  or(args: readonly string[]): string;
  xor(args: readonly string[]): string;
  /** A condition as the integer 0 or 1. */
  toInt(condition: string): string;
  /** An integer constant. */
  int(value: number): string;
  /** n-ary integer sum, n ≥ 2. */
  add(args: readonly string[]): string;
  compare(integer: string, op: '>=' | '=', k: number): string;
  /** Most arguments of one rendered n-ary node (default: unlimited). */
  readonly maxArity?: number;
}

export function renderExpr(expr: Expr, syntax: ExprSyntax): string {
  const arity = Math.max(2, syntax.maxArity ?? Infinity);
  const nary = (args: readonly string[], join: (parts: readonly string[]) => string, empty: string): string => {
    if (args.length === 0) return empty;
    if (args.length === 1) return args[0];
    if (args.length <= arity) return join(args);
    // Balanced: split into `arity` nearly equal chunks, recursively.
    const chunk = Math.ceil(args.length / arity);
    const parts: string[] = [];
    for (let i = 0; i < args.length; i += chunk) parts.push(nary(args.slice(i, i + chunk), join, empty));
    return nary(parts, join, empty);
  };
  const count = (args: readonly Expr[], offset: number): string => {
    const terms = args.map((a) => syntax.toInt(render(a)));
    if (offset !== 0 || terms.length === 0) terms.push(syntax.int(offset));
    return nary(terms, (p) => syntax.add(p), syntax.int(0));
  };
  const render = (e: Expr): string => {
    switch (e.kind) {
      case 'const':
        return e.value ? syntax.true : syntax.false;
      case 'input':
        return syntax.input(e.bit);
      case 'ref':
        return syntax.ref(e.name, e.integer);
      case 'not':
        return syntax.not(render(e.arg));
      case 'and':
        return nary(e.args.map(render), (p) => syntax.and(p), syntax.true);
      case 'or':
        return nary(e.args.map(render), (p) => syntax.or(p), syntax.false);
      case 'xor':
        return nary(e.args.map(render), (p) => syntax.xor(p), syntax.false);
      case 'atLeast':
        if (e.k <= 0) return syntax.true;
        if (e.k > e.args.length) return syntax.false;
        return syntax.compare(count(e.args, 0), '>=', e.k);
      case 'exactly':
        if (e.k < 0 || e.k > e.args.length) return syntax.false;
        return syntax.compare(count(e.args, 0), '=', e.k);
      case 'sum':
        return count(e.args, e.offset);
    }
  };
  return render(expr);
}

/**
 * A plain-language reading of an expression for comments: `petal_length > 4.95 and not
 * (color = "red")`, `at least 3 of (…)`. References print as their names.
 */
export function describeExpr(expr: Expr, predicates: readonly BitPredicate[]): string {
  const group = (e: Expr): string => {
    const text = describeExpr(e, predicates);
    return e.kind === 'and' || e.kind === 'or' || e.kind === 'xor' ? `(${text})` : text;
  };
  switch (expr.kind) {
    case 'const':
      return expr.value ? 'always' : 'never';
    case 'input':
      return formatPredicate(predicates[expr.bit]);
    case 'ref':
      return expr.name;
    case 'not':
      return expr.arg.kind === 'input' ? `not ${formatPredicate(predicates[expr.arg.bit])}` : `not ${group(expr.arg)}`;
    case 'and':
    case 'or':
      return expr.args.length === 0 ? (expr.kind === 'and' ? 'always' : 'never') : expr.args.map(group).join(` ${expr.kind} `);
    case 'xor':
      return `an odd number of (${expr.args.map((a) => describeExpr(a, predicates)).join(', ')})`;
    case 'atLeast':
    case 'exactly':
      return `${expr.kind === 'atLeast' ? 'at least' : 'exactly'} ${expr.k} of (${expr.args.map((a) => describeExpr(a, predicates)).join(', ')})`;
    case 'sum':
      return `the number true of (${expr.args.map((a) => describeExpr(a, predicates)).join(', ')})${expr.offset ? ` + ${expr.offset}` : ''}`;
  }
}
