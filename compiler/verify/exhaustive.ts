/**
 * Proof by exhaustive simulation: run the compiled program and the hard net itself (an
 * independent evaluator, src/nets/hard_net.ts) on EVERY possible input of the union of both
 * supports, bit-parallel, and compare the predicted classes. Bits outside that union are read by
 * neither side, so fixing them loses nothing; impossible inputs (per the encoders) are skipped.
 * Also the row-by-row check used for data sets and random vectors.
 */
import type { InputDomain } from '../domain';
import { structuralSupport, type IrProgram } from '../ir/program';
import { classify, sliceRows } from '../ir/simulate';

/** The reference classifier: predicted class per row of count × inputs 0/1 bytes. */
export type ClassOracle = (rows: Uint8Array, count: number) => Int32Array;

export type RowVerdict =
  | { readonly status: 'equal'; readonly rows: number }
  | { readonly status: 'different'; readonly row: Uint8Array; readonly index: number; readonly expected: number; readonly got: number };

export type ExhaustiveVerdict = RowVerdict | { readonly status: 'too-large'; readonly inputs: number };

/** Compares the program with the oracle on the given rows. */
export function checkRows(program: IrProgram, oracle: ClassOracle, rows: Uint8Array, count: number, width: number): RowVerdict {
  const expected = oracle(rows, count);
  const got = classify(program, sliceRows(rows, count, width), count);
  for (let r = 0; r < count; r++) {
    if (expected[r] !== got[r]) {
      return { status: 'different', row: rows.slice(r * width, (r + 1) * width), index: r, expected: expected[r], got: got[r] };
    }
  }
  return { status: 'equal', rows: count };
}

/**
 * Every possible input over `referenceSupport` ∪ the program's support, or `too-large` when
 * there are more than `limit` of them. Processed in blocks so memory stays bounded.
 */
export function proveExhaustive(
  program: IrProgram,
  oracle: ClassOracle,
  domain: InputDomain,
  referenceSupport: readonly number[],
  limit: number,
): ExhaustiveVerdict {
  const support = [...new Set([...referenceSupport, ...structuralSupport(program)])].sort((a, b) => a - b);
  const count = domain.projectedCount(support);
  if (count > limit) return { status: 'too-large', inputs: count };
  const table = domain.enumerate(support, limit);
  if (table === null) return { status: 'too-large', inputs: count };
  return checkRows(program, oracle, table.rows, table.count, domain.inputs);
}
