import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SHARED_DATA = new URL('../../../shared/data/', import.meta.url).pathname;

/** A temp dir holding `iris.csv`: UCI iris.data with a header row (the shared file has none). */
export function irisCsvDir(): { dir: string; csv: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dbnc-'));
  const csv = join(dir, 'iris.csv');
  const rows = readFileSync(join(SHARED_DATA, 'iris.data'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  writeFileSync(csv, ['sepal_length,sepal_width,petal_length,petal_width,species', ...rows].join('\n') + '\n');
  return { dir, csv };
}
