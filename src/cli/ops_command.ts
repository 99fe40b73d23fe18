import { LAYERS } from '../layers/registry';
import { OPERATORS } from '../ops/registry';
import type { OperatorDef } from '../ops/types';
import { tf } from '../tf';
import { seededRng } from '../util/rng';
import { seedValue, wholeNumber } from './numbers';

export interface OperatorCheck {
  operator: string;
  symbol: string;
  layer: string;
  cases: number;
  agreement: number;
}

/**
 * Evaluates an operator's soft form on `cases` random soft-bit cases (n = 1..8 inputs) and
 * reports the share whose hardened output equals the hard twin on the hardened inputs.
 */
export function checkOperator(op: OperatorDef, cases: number, seed: number): OperatorCheck {
  const next = seededRng(seed);
  let agree = 0;
  const perBatch = 250;
  for (let done = 0; done < cases; done += perBatch) {
    const batch = Math.min(perBatch, cases - done);
    const n = 1 + (done / perBatch) % 8;
    const inputs = op.arity === 'n' ? n : op.arity;
    const weights = op.weights === 'n' ? inputs : op.weights;
    const x = Float32Array.from({ length: batch * inputs }, next);
    const w = Float32Array.from({ length: batch * weights }, next);
    const soft = tf.tidy(() =>
      op.soft(tf.tensor2d(x, [batch, inputs]), weights ? tf.tensor2d(w, [batch, weights]) : null).dataSync(),
    );
    const outputs = op.outputs(inputs);
    for (let b = 0; b < batch; b++) {
      const hard = op.hard(
        Array.from(x.subarray(b * inputs, (b + 1) * inputs), (v) => v > 0.5),
        Array.from(w.subarray(b * weights, (b + 1) * weights), (v) => v > 0.5),
      );
      if (hard.every((bit, k) => soft[b * outputs + k] > 0.5 === bit)) agree++;
    }
  }
  return { operator: op.name, symbol: op.symbol, layer: LAYERS[op.layer].summary, cases, agreement: agree / cases };
}

export function runOpsCommand(cases: number, seed: number, json: boolean): number {
  wholeNumber('--cases', cases, 1);
  seedValue('--seed', seed);
  const results = OPERATORS.map((op) => checkOperator(op, cases, seed));
  if (json) {
    process.stdout.write(`${JSON.stringify({ results })}\n`);
  } else {
    process.stdout.write(`∂B operators: soft form vs hard twin on ${cases} random cases each (seed ${seed})\n\n`);
    for (const r of results) {
      const pct = (100 * r.agreement).toFixed(2).padStart(6);
      process.stdout.write(`  ${r.symbol.padEnd(11)} ${pct}% agree   fused kernel: ${r.layer}\n`);
    }
  }
  return results.every((r) => r.agreement === 1) ? 0 : 1;
}
