import type * as tfTypes from '@tensorflow/tfjs';
import { runFused } from '../kernels/cpu/define';
import { KERNEL_NAMES } from '../kernels/names';
import { countHotOp } from '../ops/count_hot';
import { tf } from '../tf';
import { groupsOf } from './majority_layer';
import type { LayerDef } from './types';

/**
 * Count-hot layer: [B, G·k] → [B, G·(k+1)]; per group of k bits a one-hot vector whose high
 * position is the number of low bits in the group.
 */
export const countHotLayer: LayerDef<'countHotLayer'> = {
  name: 'countHotLayer',
  summary: 'count-hot layer: one-hot count of low bits per group',
  second: 'none',
  outputWidth: (m, _n, { groupSize }) => (m / groupSize) * (groupSize + 1),
  fused(x, _w, { groupSize }) {
    groupsOf(this.name, x, groupSize);
    const [y, order] = runFused(KERNEL_NAMES.countHotLayer, { x }, { groupSize });
    order.dispose();
    return y;
  },
  reference: (x, _w, { groupSize }) =>
    tf.tidy(() => {
      const groups = groupsOf('countHotLayer', x, groupSize);
      const batch = x.shape[0];
      const rows = x.reshape([batch * groups, groupSize]) as tfTypes.Tensor2D;
      return countHotOp.soft(rows, null).reshape([batch, groups * (groupSize + 1)]);
    }),
  hard(x, _w, _n, { groupSize }) {
    const groups = x.length / groupSize;
    const out = new Uint8Array(groups * (groupSize + 1));
    for (let g = 0; g < groups; g++) {
      let low = 0;
      for (let t = 0; t < groupSize; t++) if (!x[g * groupSize + t]) low++;
      out[g * (groupSize + 1) + low] = 1;
    }
    return out;
  },
};
