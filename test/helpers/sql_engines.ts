/**
 * The three real SQL engines the SQL tests run emitted queries in — SQLite (better-sqlite3),
 * DuckDB and PostgreSQL (PGlite) — behind one small interface: create tables, insert typed
 * rows, run a query and read its rows back.
 */
import { createRequire } from 'node:module';
import { BOOLEAN, DOUBLE, DuckDBInstance, INTEGER, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { PGlite } from '@electric-sql/pglite';
import type { SqlDialect } from '../../targets/sql/dialect';

export type Cell = number | string | boolean | null;
export type Kind = 'id' | 'numeric' | 'categorical' | 'boolean' | 'text';
export interface Column {
  readonly name: string;
  readonly kind: Kind;
}
export interface Result {
  readonly columns: string[];
  readonly rows: Cell[][];
}
export interface Engine {
  readonly name: 'sqlite' | 'duckdb' | 'postgres';
  /** The engine's own dialect first, then the others it runs. */
  readonly dialects: readonly SqlDialect[];
  readonly types: Readonly<Record<Kind, string>>;
  /** How a boolean is stored. */
  bool(value: boolean): Cell;
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<Result>;
  insert(table: string, columns: readonly Column[], rows: readonly Cell[][]): Promise<void>;
  close(): Promise<void>;
}

/** Independent of the target's own quoting, so the tests do not trust what they test. */
export const ident = (name: string): string => `"${name.split('"').join('""')}"`;

interface SqliteStatement {
  run(...params: unknown[]): unknown;
  raw(on: boolean): SqliteStatement;
  all(...params: unknown[]): unknown[];
  columns(): { name: string }[];
}
interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  transaction(fn: () => void): () => void;
  close(): void;
}
const require = createRequire(import.meta.url);
const SqliteDatabase = require('better-sqlite3') as new (file: string) => SqliteDatabase;

export function sqliteEngine(): Engine {
  const db = new SqliteDatabase(':memory:');
  return {
    name: 'sqlite',
    dialects: ['sqlite'],
    types: { id: 'INTEGER', numeric: 'REAL', categorical: 'TEXT', boolean: 'INTEGER', text: 'TEXT' },
    bool: (b) => (b ? 1 : 0),
    exec: async (sql) => db.exec(sql),
    query: async (sql) => {
      const statement = db.prepare(sql).raw(true);
      return { columns: statement.columns().map((c) => c.name), rows: statement.all() as Cell[][] };
    },
    insert: async (table, columns, rows) => {
      const statement = db.prepare(`INSERT INTO ${ident(table)} VALUES (${columns.map(() => '?').join(', ')})`);
      db.transaction(() => rows.forEach((row) => statement.run(...row)))();
    },
    close: async () => db.close(),
  };
}

export async function duckdbEngine(): Promise<Engine> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection: DuckDBConnection = await instance.connect();
  return {
    name: 'duckdb',
    dialects: ['duckdb', 'ansi'],
    types: { id: 'INTEGER', numeric: 'DOUBLE', categorical: 'VARCHAR', boolean: 'BOOLEAN', text: 'VARCHAR' },
    bool: (b) => b,
    exec: async (sql) => void (await connection.run(sql)),
    query: async (sql) => {
      const reader = await connection.runAndReadAll(sql);
      return { columns: reader.columnNames(), rows: reader.getRowsJS() as Cell[][] };
    },
    insert: async (table, columns, rows) => {
      // Typed parameters: an integral JS number would otherwise be bound as a BIGINT.
      const types: Record<Kind, DuckDBType> = { id: INTEGER, numeric: DOUBLE, categorical: VARCHAR, boolean: BOOLEAN, text: VARCHAR };
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        const params = chunk.flat() as DuckDBValue[];
        await connection.run(`INSERT INTO ${ident(table)} VALUES ${chunk.map(() => tuple).join(', ')}`, params, params.map((_, k) => types[columns[k % columns.length].kind]));
      }
    },
    close: async () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export function postgresEngine(pg: PGlite): Engine {
  return {
    name: 'postgres',
    dialects: ['postgres', 'ansi'],
    types: { id: 'INTEGER', numeric: 'DOUBLE PRECISION', categorical: 'TEXT', boolean: 'BOOLEAN', text: 'TEXT' },
    bool: (b) => b,
    exec: async (sql) => void (await pg.exec(sql)),
    query: async (sql) => {
      const result = await pg.query<Cell[]>(sql, [], { rowMode: 'array' });
      return { columns: result.fields.map((f) => f.name), rows: result.rows };
    },
    insert: async (table, columns, rows) => {
      const width = columns.length;
      // Many rows per statement: PGlite is slow per statement.
      const per = Math.max(1, Math.floor(20_000 / width));
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const tuples = chunk.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`);
        await pg.query(`INSERT INTO ${ident(table)} VALUES ${tuples.join(', ')}`, chunk.flat());
      }
    },
    close: () => pg.close(),
  };
}
