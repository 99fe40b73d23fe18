/**
 * The one place dbnc imports TensorFlow.js. Everything else imports `tf` from here, so the
 * backend choice and kernel registration happen exactly once, before any op runs.
 *
 * dbnc uses the pure-JS `cpu` backend of `@tensorflow/tfjs`; `@tensorflow/tfjs-node` is never
 * required (its install downloads libtensorflow). The ∂B layers get their speed from the fused
 * kernels in `src/kernels/cpu/`, not from a native backend.
 */
import * as tf from '@tensorflow/tfjs';
import { registerFusedKernels } from './kernels/register';

let ready = false;

/** Selects the cpu backend, registers the fused ∂B kernels and gradients. Idempotent. */
export function initTf(): typeof tf {
  if (ready) return tf;
  tf.setBackend('cpu');
  // The cpu backend prints an advert for tfjs-node on first use; dbnc deliberately runs
  // without it, so the advert would only mislead users.
  const backend = tf.backend() as unknown as { firstUse?: boolean };
  backend.firstUse = false;
  registerFusedKernels();
  ready = true;
  return tf;
}

initTf();

export { tf };
