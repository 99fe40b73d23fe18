/**
 * Types for the part of `logic-solver` (MiniSat compiled to JS, CommonJS, no types of its own)
 * that the SAT verifier uses. Formulas are opaque; terms are variable numbers (negative = negated)
 * or names (a leading '-' negates).
 */
declare module 'logic-solver' {
  /** An opaque boolean formula built by the Logic.* constructors. */
  export interface Formula {
    readonly type: string;
  }
  export type Term = number | string;
  export type FormulaOrTerm = Formula | Term;

  /** An unsigned integer as formulas, least significant bit first. */
  export interface Bits {
    readonly bits: readonly FormulaOrTerm[];
  }

  export interface Solution {
    evaluate(formula: FormulaOrTerm): boolean;
  }

  export interface Solver {
    /** The variable number of a name (allocated on first use). */
    getVarNum(name: string, noCreate?: boolean): number;
    require(...formulas: FormulaOrTerm[]): void;
    forbid(...formulas: FormulaOrTerm[]): void;
    solve(): Solution | null;
    /** Solves with `assumption` temporarily required; the solver keeps what it learned. */
    solveAssuming(assumption: FormulaOrTerm): Solution | null;
  }

  export interface LogicModule {
    readonly TRUE: string;
    readonly FALSE: string;
    readonly NUM_TRUE: number;
    readonly NUM_FALSE: number;
    Solver: new () => Solver;
    not(operand: FormulaOrTerm): FormulaOrTerm;
    or(operands: readonly FormulaOrTerm[]): FormulaOrTerm;
    and(operands: readonly FormulaOrTerm[]): FormulaOrTerm;
    xor(...operands: FormulaOrTerm[]): FormulaOrTerm;
    equiv(a: FormulaOrTerm, b: FormulaOrTerm): FormulaOrTerm;
    atMostOne(operands: readonly FormulaOrTerm[]): FormulaOrTerm;
    constantBits(value: number): Bits;
    sum(operands: ReadonlyArray<FormulaOrTerm | Bits>): Bits;
    greaterThan(a: Bits, b: Bits): FormulaOrTerm;
    greaterThanOrEqual(a: Bits, b: Bits): FormulaOrTerm;
    equalBits(a: Bits, b: Bits): FormulaOrTerm;
    disablingAssertions<T>(body: () => T): T;
  }

  const Logic: LogicModule;
  export default Logic;
}
