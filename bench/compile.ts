/**
 * `npm run bench:compile [-- --json] [--iris-seeds N]`: what the compiler makes of real and
 * synthetic nets, and how long it takes on this machine.
 *   - Binary Iris: N models trained by `dbnc train` (iris-paper, 1000 epochs, seeds 1..N), each
 *     compiled: literals before/after, rules, support, guarantee, milliseconds.
 *   - The test fixtures (Binary Iris, Noisy XOR, parts).
 *   - mnist-paper-size nets (105,840 weights) with random weights: the ∂⇒ layer keeping 50% and
 *     90% of its inputs (at 50% most majorities fold to constants; 90% keeps them alive).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileModel, compileNet, type CompileResult } from '../compiler/compile';
import { EspressoService } from '../compiler/minimize/espresso/service';
import { bitPredicates } from '../src/data/predicate';
import { loadModel } from '../src/model/load';
import { rawBitEncoders } from '../src/model/synthetic';
import { layerShapes } from '../src/nets/arch';
import { HardNet } from '../src/nets/hard_net';
import { PRESETS } from '../src/nets/presets';
import { seededRng } from '../src/util/rng';
import { benchArgs } from './args';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = await benchArgs('bench:compile')
  .option('json', { type: 'boolean', default: false, describe: 'print one JSON object on stdout' })
  .option('iris-seeds', { type: 'number', requiresArg: true, default: 5, describe: 'Binary Iris models to train and compile (seeds 1..N)' })
  .check((a) => {
    const seeds = a.irisSeeds as number;
    if (!Number.isInteger(seeds) || seeds < 0) throw new Error(`--iris-seeds: expected a whole number ≥ 0, got ${seeds}`);
    return true;
  })
  .parseAsync();
const json = args.json;
const irisSeeds = args.irisSeeds;

interface Row {
  readonly model: string;
  readonly weights: number;
  readonly literalsBefore: number;
  readonly literalsAfter: number;
  readonly rules: number | null;
  readonly support: string;
  readonly guarantee: string;
  readonly ms: number;
}

function row(model: string, weights: number, r: CompileResult): Row {
  return {
    model,
    weights,
    literalsBefore: r.literalsBefore,
    literalsAfter: r.literalsAfter,
    rules: r.program.head.kind === 'decisionList' ? r.program.head.rules.length : null,
    support: r.minimization ? `${r.minimization.functionalSupport.length} of ${r.minimization.structuralSupport}` : '—',
    guarantee: r.guarantee.level,
    ms: Math.round(r.ms),
  };
}

const weightCount = (loaded: ReturnType<typeof loadModel>): number => loaded.hardWeights.reduce((s, w) => s + (w ? w.rows * w.cols : 0), 0);

const espresso = new EspressoService();
const rows: Row[] = [];
const log = (text: string): void => {
  if (!json) process.stderr.write(`${text}\n`);
};
try {
  const dir = mkdtempSync(join(tmpdir(), 'dbnc-bench-compile-'));
  try {
    for (let seed = 1; seed <= irisSeeds; seed++) {
      const path = join(dir, `iris-${seed}.json`);
      log(`training binary-iris seed ${seed}…`);
      execFileSync(process.execPath, [join(root, 'bin/dbnc.js'), 'train', join(root, '../shared/data/BinaryIrisData.txt'), '--label', 'label', '--arch', 'iris-paper', '--epochs', '1000', '--batch-size', '60', '--seed', String(seed), '--quiet', '-o', path]);
      const loaded = loadModel(path);
      rows.push(row(`binary-iris seed ${seed}`, weightCount(loaded), await compileModel(loaded, { espresso })));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const name of ['binary-iris', 'noisy-xor', 'parts']) {
    const loaded = loadModel(join(root, 'test/fixtures', `${name}.model.json`));
    rows.push(row(`fixture ${name}`, weightCount(loaded), await compileModel(loaded, { espresso })));
  }
  for (const keep of [0.5, 0.9]) {
    log(`compiling an mnist-paper-size net (∂⇒ keeps ${keep * 100}%)…`);
    const next = seededRng(1);
    const arch = PRESETS['mnist-paper'];
    const weights = layerShapes(arch).map((s) => {
      if (!s.weights) return null;
      const [r, c] = s.weights;
      const p = s.spec.kind === 'implies' ? keep : 0.5;
      return { rows: r, cols: c, bits: Uint8Array.from({ length: r * c }, () => (next() < p ? 1 : 0)) };
    });
    const hard = new HardNet(arch, weights);
    const encoders = rawBitEncoders(784, 10);
    const result = await compileNet(
      { arch, weights, predicates: bitPredicates(encoders), classes: encoders.label.classes },
      (bits, count) => hard.predict(bits, count),
      { espresso },
    );
    rows.push(row(`mnist-paper random, ∂⇒ keeps ${keep * 100}%`, weights.reduce((s, w) => s + (w ? w.rows * w.cols : 0), 0), result));
  }
} finally {
  await espresso.close();
}

if (json) {
  process.stdout.write(`${JSON.stringify({ results: rows })}\n`);
} else {
  const header = ['model', 'weights', 'literals before → after', 'rules', 'support (depends on / reads)', 'guarantee', 'ms'];
  const table = [header, ...rows.map((r) => [r.model, String(r.weights), `${r.literalsBefore} → ${r.literalsAfter}`, r.rules === null ? '—' : String(r.rules), r.support, r.guarantee, String(r.ms)])];
  const widths = header.map((_, c) => Math.max(...table.map((t) => t[c].length)));
  for (const t of table) process.stdout.write(`${t.map((cell, c) => cell.padEnd(widths[c])).join('  ')}\n`);
}
