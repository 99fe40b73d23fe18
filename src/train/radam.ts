/**
 * RAdam, Rectified Adam (Liu et al. 2020, "On the Variance of the Adaptive Learning Rate and
 * Beyond"). SPEC §3 trains every reference experiment with it, and TensorFlow.js does not ship it.
 *
 * Step t (1-based), per variable θ with gradient g:
 *   m ← β1·m + (1−β1)·g          v ← β2·v + (1−β2)·g²          m̂ = m / (1−β1^t)
 *   ρ∞ = 2/(1−β2) − 1             ρt = ρ∞ − 2t·β2^t / (1−β2^t)
 *   ρt > 4:  r = √(((ρt−4)(ρt−2)ρ∞) / ((ρ∞−4)(ρ∞−2)ρt)),  v̂ = √(v / (1−β2^t)),  θ ← θ − lr·r·m̂/(v̂+ε)
 *   else:    θ ← θ − lr·m̂   (the variance of the adaptive rate is intractable: SGD with momentum)
 *
 * Everything that depends only on t (β^t, ρt, r) is computed once per step in float64 on the JS
 * side, not as tensors: it is exact, it decides the branch without a data-dependent tensor op, and
 * the optimizer owns no step-counter tensors that setWeights would have to rebuild.
 */
import { tf } from '../tf';

/** A named tensor as tfjs optimizers exchange them (tfjs does not export the type itself). */
type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

export interface RAdamOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** The moment estimates kept for one trained variable. */
interface Slot {
  m: tf.Variable;
  v: tf.Variable;
}

/**
 * The threshold on ρt above which the adaptive step is used: 4, where r becomes real. The
 * paper's reference code trains with `optax.radam`, whose default is 5 (as PyTorch's
 * `torch.optim.RAdam`); at β2 = 0.999 that moves the first rectified step from t = 5 (ρ5 ≈ 4.996,
 * r ≈ 0.017) to t = 6 and changes nothing else. Every measured figure in the README uses 4.
 */
const RHO_THRESHOLD = 4;

// Names of the moment weights, as tfjs' AdamOptimizer names them (`<variable>/m`, `<variable>/v`).
const M_SUFFIX = '/m';
const V_SUFFIX = '/v';

export class RAdamOptimizer extends tf.Optimizer {
  /** The serialization name; registered below. */
  static readonly className = 'RAdam';

  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  /**
   * Moments keyed by the trained variable's name, not by position (as tfjs' Adam does), so
   * minimizing over different variable lists with one optimizer cannot mix up their state.
   */
  private slots = new Map<string, Slot>();

  constructor(options: RAdamOptions = {}) {
    super();
    this.learningRate = options.learningRate ?? 0.001;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    for (const [key, beta] of [['beta1', this.beta1], ['beta2', this.beta2]] as const) {
      if (!(beta >= 0 && beta < 1)) throw new RangeError(`RAdam: ${key} must be in [0, 1), got ${beta}`);
    }
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const grads: Array<[string, tf.Tensor | undefined]> = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const t = this.iterations + 1;
    const { beta1, beta2 } = this;
    const mHatScale = 1 / (1 - beta1 ** t);
    const rect = rectification(t, beta2);

    tf.tidy(() => {
      for (const [name, gradient] of grads) {
        // As in tfjs' optimizers: a variable without a gradient is left alone, moments included.
        if (gradient == null) continue;
        const value = tf.engine().registeredVariables[name];
        if (value === undefined) throw new Error(`RAdam: no variable named '${name}'`);
        const slot = this.slotFor(name, value);

        const m = tf.add(tf.mul(slot.m, beta1), tf.mul(gradient, 1 - beta1));
        const v = tf.add(tf.mul(slot.v, beta2), tf.mul(tf.square(gradient), 1 - beta2));
        slot.m.assign(m);
        slot.v.assign(v);

        const step =
          rect === null
            ? tf.mul(m, this.learningRate * mHatScale)
            : tf.div(
                tf.mul(m, this.learningRate * rect.r * mHatScale),
                tf.add(tf.sqrt(tf.mul(v, rect.vHatScale)), this.epsilon),
              );
        value.assign(tf.sub(value, step));
      }
    });
    this.incrementIterations();
  }

  override dispose(): void {
    for (const { m, v } of this.slots.values()) {
      m.dispose();
      v.dispose();
    }
    this.slots.clear();
  }

  /**
   * `[iter, …first moments, …second moments]`, the layout of tfjs' Adam. As there, the moments
   * are the optimizer's live variables (read them before the next step, don't dispose them);
   * the `iter` scalar is new and belongs to the caller.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.slots];
    return [
      await this.saveIterations(),
      ...slots.map(([name, s]) => ({ name: name + M_SUFFIX, tensor: s.m })),
      ...slots.map(([name, s]) => ({ name: name + V_SUFFIX, tensor: s.v })),
    ];
  }

  /** Restores the step count and moments saved by getWeights; the given tensors stay the caller's. */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const moments = await this.extractIterations(weightValues);
    const count = moments.length / 2;
    if (!Number.isInteger(count)) throw new Error('RAdam: setWeights needs as many /m as /v weights');
    const slots = new Map<string, Slot>();
    for (let i = 0; i < count; i++) {
      const m = moments[i];
      const v = moments[count + i];
      const name = stripSuffix(m.name, M_SUFFIX);
      if (stripSuffix(v.name, V_SUFFIX) !== name) {
        throw new Error(`RAdam: weights '${m.name}' and '${v.name}' do not belong to one variable`);
      }
      // tf.variable shares the data and takes its own reference, so the caller may dispose its
      // tensors, and they may even be this optimizer's own slots (disposed only below).
      slots.set(name, { m: tf.variable(m.tensor, false), v: tf.variable(v.tensor, false) });
    }
    this.dispose();
    this.slots = slots;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const options: RAdamOptions = {
      learningRate: config.learningRate as number,
      beta1: config.beta1 as number,
      beta2: config.beta2 as number,
      epsilon: config.epsilon as number,
    };
    return new cls(options);
  }

  private slotFor(name: string, value: tf.Variable): Slot {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      // Untracked by any tidy: tf.variable takes its own reference to the zeros' data.
      slot = {
        m: tf.tidy(() => tf.variable(tf.zerosLike(value), false)),
        v: tf.tidy(() => tf.variable(tf.zerosLike(value), false)),
      };
      this.slots.set(name, slot);
    }
    return slot;
  }
}

tf.serialization.registerClass(RAdamOptimizer);

/**
 * The per-step factors of the rectified update at step t, or null where ρt ≤ RHO_THRESHOLD and
 * the step falls back to SGD with momentum.
 */
function rectification(t: number, beta2: number): { r: number; vHatScale: number } | null {
  const beta2t = beta2 ** t;
  const rhoInf = 2 / (1 - beta2) - 1;
  const rhoT = rhoInf - (2 * t * beta2t) / (1 - beta2t);
  if (!(rhoT > RHO_THRESHOLD)) return null;
  const r = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
  return { r, vHatScale: 1 / (1 - beta2t) };
}

function stripSuffix(name: string, suffix: string): string {
  if (!name.endsWith(suffix)) throw new Error(`RAdam: weight name '${name}' lacks '${suffix}'`);
  return name.slice(0, -suffix.length);
}

export type OptimizerName = 'radam' | 'adam';

/** The optimizer a training run names: RAdam (the paper's) or tfjs' Adam, both with default betas. */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  // A zero, negative or NaN step would train silently to nonsense (a negative one ascends the loss).
  if (!(Number.isFinite(learningRate) && learningRate > 0)) throw new RangeError(`learning rate must be a finite number > 0, got ${learningRate}`);
  switch (name) {
    case 'radam':
      return new RAdamOptimizer({ learningRate });
    case 'adam':
      return tf.train.adam(learningRate);
    default: {
      const unknown: never = name;
      throw new Error(`unknown optimizer '${String(unknown)}'`);
    }
  }
}
