import { runFused } from '../kernels/cpu/define';
import { KERNEL_NAMES } from '../kernels/names';
import { and2T } from '../ops/and';
import { splitMaxT } from '../ops/softbit';
import { tf } from '../tf';
import { checkWeights, tilePairs } from './broadcast';
import { requireSecond, type LayerDef } from './types';

/**
 * ∂∨ layer: [B, m] → [B, n], neuron j = max_i ∂∧(W[j,i], x[i]) (ties split the gradient).
 * Hard: OR of the inputs whose weight is high; an empty OR is false.
 */
export const orLayer: LayerDef<'orLayer'> = {
  name: 'orLayer',
  summary: '∂∨ layer: each neuron is the disjunction of the inputs it selects',
  second: 'weights',
  outputWidth: (_m, n) => n,
  fused(x, w) {
    const weights = requireSecond(this.name, w);
    checkWeights(this.name, x, weights);
    const [y, ...aux] = runFused(KERNEL_NAMES.orLayer, { x, w: weights });
    aux.forEach((t) => t.dispose());
    return y;
  },
  reference: (x, w) =>
    tf.tidy(() => {
      const [xt, wt] = tilePairs(x, requireSecond('orLayer', w));
      return splitMaxT(and2T(wt, xt), 2);
    }),
  hard(x, w, n) {
    const weights = w as Uint8Array;
    const m = x.length;
    const out = new Uint8Array(n);
    for (let j = 0; j < n; j++) {
      let any = 0;
      for (let i = 0; i < m; i++) if (weights[j * m + i] && x[i]) any = 1;
      out[j] = any;
    }
    return out;
  },
};
