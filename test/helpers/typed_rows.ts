/** Raw table rows as the typed values an emitted TypeScript `Row` takes. */
import { isMissing, parseBoolean, parseNumber } from '../../src/data/schema';
import type { EncoderSpec } from '../../src/data/spec';
import type { Table } from '../../src/data/table';

export type TypedRow = Record<string, number | string | boolean | null>;

/**
 * One raw row → typed values, exactly as encodeRows reads the cells. Built with
 * Object.fromEntries, like JSON.parse, as fast-properties objects: rows built by assigning
 * computed keys one by one turn into dictionary-mode objects past ~20 properties, which read
 * 6× slower (this matters to bench:inference).
 */
export function typedRow(encoders: EncoderSpec, table: Table, cells: readonly string[]): TypedRow {
  return Object.fromEntries(
    encoders.features.map((f) => {
      const cell = cells[table.columns.indexOf(f.column)];
      const value = isMissing(cell) ? null : f.kind === 'numeric' ? (parseNumber(cell) as number) : f.kind === 'boolean' ? (parseBoolean(cell) as boolean) : cell.trim();
      return [f.column, value];
    }),
  );
}
