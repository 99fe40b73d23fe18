/**
 * The plumbing shared by every fused cpu kernel: read Float32Arrays from the cpu backend, run a
 * pure forward or backward function over them, hand the results back as tensors, and register
 * the forward kernel, the backward kernel and the gradient that connects them.
 */
import * as tf from '@tensorflow/tfjs';
import type { DataType, NamedAttrMap, NamedTensorMap, TensorInfo } from '@tensorflow/tfjs';
import { backwardKernelName } from '../names';

/** The part of tfjs's MathBackendCPU the kernels use. */
interface CpuBackend {
  readSync(dataId: object): unknown;
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array | Int32Array): TensorInfo;
}

/** A dense array with its shape, as the pure kernel functions see it. */
export interface Dense<T extends Float32Array | Int32Array = Float32Array> {
  readonly shape: readonly number[];
  readonly values: T;
}

export interface FusedKernelSpec<A> {
  readonly kernelName: string;
  /** Forward input names in order, e.g. ['x', 'w']. */
  readonly inputNames: readonly string[];
  /** Input names that receive no gradient (e.g. a dropout flip mask): zeros are returned. */
  readonly constantInputs?: readonly string[];
  /** Which forward outputs the backward pass needs (e.g. the arg-min index). */
  readonly saveOutputs: readonly boolean[];
  forward(inputs: readonly Dense[], attrs: A): Array<Dense<Float32Array | Int32Array>>;
  /**
   * Backward: `dy` for output 0, the forward inputs, the saved outputs; returns one gradient
   * per differentiable forward input, in `inputNames` order (constant inputs skipped).
   */
  backward(
    dy: Dense,
    inputs: readonly Dense[],
    saved: ReadonlyArray<Dense<Float32Array | Int32Array>>,
    attrs: A,
  ): Float32Array[];
}

function readDense(backend: CpuBackend, t: TensorInfo): Dense<Float32Array | Int32Array> {
  const values = backend.readSync(t.dataId);
  if (!(values instanceof Float32Array) && !(values instanceof Int32Array)) {
    throw new Error(`fused ∂B kernel: expected numeric tensor data, got ${t.dtype}`);
  }
  return { shape: t.shape, values };
}

function readFloat(backend: CpuBackend, t: TensorInfo, kernel: string, name: string): Dense {
  const d = readDense(backend, t);
  if (!(d.values instanceof Float32Array)) {
    throw new Error(`${kernel}: input "${name}" must be float32, got ${t.dtype}`);
  }
  return d as Dense;
}

function dtypeOf(values: Float32Array | Int32Array): DataType {
  return values instanceof Int32Array ? 'int32' : 'float32';
}

/** Registers forward kernel, backward kernel and gradient for the cpu backend (idempotent). */
export function registerFusedKernel<A>(spec: FusedKernelSpec<A>): void {
  const gradName = backwardKernelName(spec.kernelName);
  if (tf.getKernel(spec.kernelName, 'cpu') !== undefined) return;
  const constant = new Set(spec.constantInputs ?? []);
  const differentiable = spec.inputNames.filter((n) => !constant.has(n));
  const savedNames = spec.saveOutputs.flatMap((keep, i) => (keep ? [`out${i}`] : []));

  tf.registerKernel({
    kernelName: spec.kernelName,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const cpu = backend as unknown as CpuBackend;
      const dense = spec.inputNames.map((n) =>
        readFloat(cpu, inputs[n] as TensorInfo, spec.kernelName, n),
      );
      const outs = spec.forward(dense, attrs as unknown as A);
      return outs.map((o) => cpu.makeTensorInfo([...o.shape], dtypeOf(o.values), o.values));
    },
  });

  tf.registerKernel({
    kernelName: gradName,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const cpu = backend as unknown as CpuBackend;
      const dy = readFloat(cpu, inputs.dy as TensorInfo, gradName, 'dy');
      const fwd = spec.inputNames.map((n) => readFloat(cpu, inputs[n] as TensorInfo, gradName, n));
      const saved = savedNames.map((n) => readDense(cpu, inputs[n] as TensorInfo));
      const grads = spec.backward(dy, fwd, saved, attrs as unknown as A);
      return differentiable.map((n, i) => {
        const shape = [...(inputs[n] as TensorInfo).shape];
        return cpu.makeTensorInfo(shape, 'float32', grads[i]);
      });
    },
  });

  tf.registerGradient({
    kernelName: spec.kernelName,
    inputsToSave: [...spec.inputNames],
    outputsToSave: [...spec.saveOutputs],
    gradFunc: (dy, saved, attrs) => {
      const dy0 = Array.isArray(dy) ? dy[0] : dy;
      const gradInputs: NamedTensorMap = { dy: dy0 };
      spec.inputNames.forEach((n, i) => (gradInputs[n] = saved[i]));
      savedNames.forEach((n, i) => (gradInputs[n] = saved[spec.inputNames.length + i]));
      const result = tf.engine().runKernel(gradName, gradInputs, attrs as NamedAttrMap);
      const grads = (Array.isArray(result) ? result : [result]) as tf.Tensor[];
      const map: Record<string, () => tf.Tensor> = {};
      differentiable.forEach((n, i) => (map[n] = () => grads[i]));
      spec.inputNames.forEach((n, i) => {
        if (constant.has(n)) map[n] = () => tf.zerosLike(saved[i]);
      });
      return map;
    },
  });
}

/** Runs a registered fused kernel and returns all of its outputs. */
export function runFused(
  kernelName: string,
  inputs: Record<string, tf.Tensor>,
  attrs: object = {},
): tf.Tensor[] {
  const out = tf.engine().runKernel(kernelName, inputs as NamedTensorMap, attrs as NamedAttrMap);
  return (Array.isArray(out) ? out : [out]) as tf.Tensor[];
}
