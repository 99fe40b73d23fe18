import { runFused } from '../kernels/cpu/define';
import { groupCount } from '../kernels/cpu/group_sort';
import { KERNEL_NAMES } from '../kernels/names';
import { majorityOp, majorityRepresentativeT } from '../ops/majority';
import { majorityThreshold } from '../ops/scalar';
import { tf } from '../tf';
import type * as tfTypes from '@tensorflow/tfjs';
import type { LayerDef } from './types';

/** Number of groups of `groupSize` in x's rows; throws naming the layer when they do not fit. */
export function groupsOf(layer: string, x: tfTypes.Tensor2D, groupSize: number): number {
  return groupCount(layer, x.shape[1], groupSize);
}

/** ∂Maj layer: [B, G·k] → [B, G], the strict majority of each group of k consecutive bits. */
export const majorityLayer: LayerDef<'majorityLayer'> = {
  name: 'majorityLayer',
  summary: '∂Maj layer: strict majority over each group of inputs',
  second: 'none',
  outputWidth: (m, _n, { groupSize }) => m / groupSize,
  fused(x, _w, { groupSize, packed }) {
    groupsOf(this.name, x, groupSize);
    const [y, rep] = runFused(KERNEL_NAMES.majorityLayer, { x }, { groupSize, packed });
    rep.dispose();
    return y;
  },
  reference: (x, _w, { groupSize, packed }) =>
    tf.tidy(() => {
      const groups = groupsOf('majorityLayer', x, groupSize);
      const batch = x.shape[0];
      const rows = x.reshape([batch * groups, groupSize]) as tfTypes.Tensor2D;
      const y = packed ? majorityOp.soft(rows, null) : majorityRepresentativeT(rows);
      return y.reshape([batch, groups]);
    }),
  hard(x, _w, _n, { groupSize }) {
    const groups = x.length / groupSize;
    const out = new Uint8Array(groups);
    const need = majorityThreshold(groupSize);
    for (let g = 0; g < groups; g++) {
      let high = 0;
      for (let t = 0; t < groupSize; t++) high += x[g * groupSize + t];
      out[g] = high >= need ? 1 : 0;
    }
    return out;
  },
};
