import { runFused } from '../kernels/cpu/define';
import { KERNEL_NAMES } from '../kernels/names';
import { softNotT } from '../ops/not';
import { tf } from '../tf';
import { checkWeights, tilePairs } from './broadcast';
import { requireSecond, type LayerDef } from './types';

/** ∂¬ layer: [B, m] → [B, n, m], element (j, i) = ∂¬(W[j,i], x[i]). Hard: XNOR with the weight. */
export const notLayer: LayerDef<'notLayer'> = {
  name: 'notLayer',
  summary: '∂¬ layer: learnable negation of every input by every neuron',
  second: 'weights',
  outputWidth: (m, n) => n * m,
  fused(x, w) {
    const weights = requireSecond(this.name, w);
    checkWeights(this.name, x, weights);
    return runFused(KERNEL_NAMES.notLayer, { x, w: weights })[0];
  },
  reference: (x, w) =>
    tf.tidy(() => {
      const [xt, wt] = tilePairs(x, requireSecond('notLayer', w));
      return softNotT(wt, xt);
    }),
  hard(x, w, n) {
    const weights = w as Uint8Array;
    const m = x.length;
    const out = new Uint8Array(n * m);
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) out[j * m + i] = x[i] === weights[j * m + i] ? 1 : 0;
    return out;
  },
};
