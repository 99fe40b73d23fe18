/**
 * The group-sum head (SPEC §2.5, MNIST): x [B, C·k] → logits [B, C], the sum of each class's k
 * consecutive bits, with `harden` the sum of the hardened bits (∂harden fused in: forward
 * harden(x), backward straight-through). Not a ∂B operator, just the head's plumbing, but
 * composed from tfjs ops it was the slowest step of an MNIST batch:
 * * tfjs's `sum` gradient is `mul(dy, ones(x.shape))`, a broadcasting multiply whose cpu kernel
 *   converts every one of the B·C·k indices to coordinates and back (4.3 s of an 11 s epoch over
 *   1,000 digits, 58,800 bits a row);
 * * a separate ∂harden layer writes two more B·C·k arrays a batch (its output and its gradient),
 *   and fresh memory is dear here: first-touch page faults cost 1–3.5 ms per MB on the machines
 *   we run on (measured: allocating and filling 23.5 MB took 21–100 ms).
 * Sums add in input order, as tfjs does, so logits and gradients are the same numbers and
 * training is unchanged bit for bit; only faster.
 */
import { HEAD_KERNEL_NAMES, type GroupSumAttrs } from '../names';
import type { FusedKernelSpec } from './define';

/**
 * One row's group sums: y[yo + g] = Σ bits[bo + g·k + t] (hardened with `harden`), in input
 * order. Shared with the fused ∂¬ → group-sum pair (`layer_pairs.ts`).
 */
export function groupSumRow(bits: Float32Array, bo: number, groups: number, k: number, harden: boolean, y: Float32Array, yo: number): void {
  for (let g = 0; g < groups; g++) {
    let sum = 0;
    const start = bo + g * k;
    if (harden) for (let t = 0; t < k; t++) sum += +(bits[start + t] > 0.5);
    else for (let t = 0; t < k; t++) sum += bits[start + t];
    y[yo + g] = sum;
  }
}

/** Bits per group when `width` bits split into `groups` equal groups; else a kernel error. */
export function groupSize(kernel: string, width: number, groups: number): number {
  if (!(Number.isInteger(groups) && groups >= 1 && width % groups === 0)) {
    throw new Error(`${kernel}: ${width} bits do not split into ${groups} equal groups`);
  }
  return width / groups;
}

/** One row's gradient: each bit gets its group's dy (∂harden, if any, is straight-through). */
export function groupSumRowBackward(dy: Float32Array, yo: number, groups: number, k: number, gx: Float32Array, go: number): void {
  for (let g = 0; g < groups; g++) gx.fill(dy[yo + g], go + g * k, go + (g + 1) * k);
}

export const groupSumKernel: FusedKernelSpec<GroupSumAttrs> = {
  kernelName: HEAD_KERNEL_NAMES.groupSum,
  inputNames: ['x'],
  saveOutputs: [false],
  forward([x], { groups, harden }) {
    const [batch, width] = x.shape;
    const k = groupSize(this.kernelName, width, groups);
    const y = new Float32Array(batch * groups);
    for (let b = 0; b < batch; b++) groupSumRow(x.values, b * width, groups, k, harden, y, b * groups);
    return [{ shape: [batch, groups], values: y }];
  },
  // The same with or without `harden`: ∂harden's gradient is straight-through.
  backward(dy, [x], _saved, { groups }) {
    const [batch, width] = x.shape;
    const k = width / groups;
    const gx = new Float32Array(batch * width);
    for (let b = 0; b < batch; b++) groupSumRowBackward(dy.values, b * groups, groups, k, gx, b * width);
    return [gx];
  },
};
