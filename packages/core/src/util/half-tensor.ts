import type {
  ExpertTensorV1,
  FloatArray,
  HalfTensorV1,
  MoeLayerV1,
  MoeLayerWeightsV1,
  SharedExpertsV1,
} from '../contracts/index.ts';
import { InvalidArgumentError, NonFiniteError, ShapeError } from '../errors/anyk-error.ts';
import { requireTensor } from './validate.ts';

const halfDtypes: ReadonlySet<unknown> = new Set(['bf16', 'f16']);

/** Whether `tensor` is a 16-bit weight tensor (as opposed to a float array). */
export function isHalfTensor(tensor: unknown): tensor is HalfTensorV1 {
  return (
    tensor !== null &&
    typeof tensor === 'object' &&
    !ArrayBuffer.isView(tensor) &&
    'bits' in tensor &&
    'dtype' in tensor
  );
}

// One scratch word, seen as float32 and as its bits: the exact float32 <-> bits reinterpretation.
const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

/** The float32 value of one BF16 bit pattern (exact: BF16 is the upper half of a float32). */
export function bf16ToFloat(bits: number): number {
  scratchBits[0] = bits << 16;
  return scratchFloat[0]!;
}

/** The value of one IEEE binary16 bit pattern (exact in float32). */
export function f16ToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** The BF16 bits nearest to `value` (round to nearest, ties to even; NaN stays a quiet NaN). */
export function floatToBf16(value: number): number {
  scratchFloat[0] = value;
  const bits = scratchBits[0]!;
  if (Number.isNaN(scratchFloat[0]!)) return 0x7fc0;
  const lsb = (bits >>> 16) & 1;
  return ((bits + 0x7fff + lsb) >>> 16) & 0xffff;
}

/** The IEEE binary16 bits nearest to `value` (round to nearest, ties to even; beyond 65504 → ±Infinity). */
export function floatToF16(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(Math.fround(value));
  if (magnitude >= 65520) return sign | 0x7c00; // 65520 rounds up past the largest finite f16 (65504)
  if (magnitude < 2 ** -14) {
    // Subnormal: an integer count of 2^-24, rounded half to even.
    return sign | roundHalfToEven(magnitude * 2 ** 24);
  }
  const exponent = Math.floor(Math.log2(magnitude));
  const scaled = magnitude / 2 ** exponent; // in [1, 2)
  const mantissa = roundHalfToEven((scaled - 1) * 1024);
  // A mantissa rounded up to 1024 carries into the exponent: (exponent + 15) << 10 + 1024 does exactly that.
  return sign | (((exponent + 15) << 10) + mantissa);
}

function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Rounds float weights to 16 bits (nearest, ties to even), e.g. to hold a float32 model as BF16. A finite
 * value that overflows the 16-bit range (F16 above 65504) is a `NonFiniteError` naming `argument`.
 */
export function toHalfTensor(
  values: ArrayLike<number>,
  dtype: HalfTensorV1['dtype'],
  argument = 'values',
): HalfTensorV1 {
  if (!halfDtypes.has(dtype)) throw new InvalidArgumentError('dtype', '"bf16" or "f16"', dtype);
  const round = dtype === 'bf16' ? floatToBf16 : floatToF16;
  const bits = new Uint16Array(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    bits[index] = round(value);
    if (Number.isFinite(value) && (bits[index]! & 0x7fff) >= (dtype === 'bf16' ? 0x7f80 : 0x7c00)) {
      throw new NonFiniteError(argument, index, value);
    }
  }
  return { dtype, bits };
}

/** A 16-bit tensor widened to float32 (exact). */
export function widenHalfTensor(tensor: HalfTensorV1): Float32Array {
  const { bits } = tensor;
  const out = new Float32Array(bits.length);
  if (tensor.dtype === 'bf16') {
    new Uint32Array(out.buffer).set(bits);
    const words = new Uint32Array(out.buffer);
    for (let index = 0; index < words.length; index++) words[index] = words[index]! << 16;
    return out;
  }
  for (let index = 0; index < bits.length; index++) out[index] = f16ToFloat(bits[index]!);
  return out;
}

/** Checks that a tensor given as 16-bit is one: a known dtype and a `Uint16Array` of bits. */
function assertHalfTensor(argument: string, tensor: HalfTensorV1): void {
  if (!halfDtypes.has(tensor.dtype)) {
    throw new InvalidArgumentError(`${argument}.dtype`, '"bf16" or "f16"', tensor.dtype);
  }
  if (!(tensor.bits instanceof Uint16Array)) {
    throw new InvalidArgumentError(`${argument}.bits`, 'a Uint16Array of 16-bit float bits', tensor.bits);
  }
}

/**
 * `tensor` checked against its shape and returned: a float tensor as `requireTensor` checks it; a 16-bit one
 * by its dtype, its bits' type and length, and finiteness read from the bits (an all-ones exponent is
 * Infinity or NaN), without widening it, so validating a 16-bit layer allocates nothing.
 */
export function requireExpertTensor(
  argument: string,
  tensor: unknown,
  shape: readonly number[],
): ExpertTensorV1 {
  if (!isHalfTensor(tensor)) return requireTensor(argument, tensor as FloatArray, shape);
  assertHalfTensor(argument, tensor);
  const expected = shape.reduce((a, b) => a * b, 1);
  const { bits } = tensor;
  if (bits.length !== expected) throw new ShapeError(argument, shape, `${bits.length} elements`);
  const exponentMask = tensor.dtype === 'bf16' ? 0x7f80 : 0x7c00;
  const widen = tensor.dtype === 'bf16' ? bf16ToFloat : f16ToFloat;
  for (let index = 0; index < bits.length; index++) {
    if ((bits[index]! & exponentMask) === exponentMask) {
      throw new NonFiniteError(argument, index, widen(bits[index]!));
    }
  }
  return tensor;
}

function widenTensor(argument: string, tensor: ExpertTensorV1): FloatArray;
function widenTensor(argument: string, tensor: ExpertTensorV1 | undefined): FloatArray | undefined;
function widenTensor(argument: string, tensor: ExpertTensorV1 | undefined): FloatArray | undefined {
  if (!isHalfTensor(tensor)) return tensor;
  assertHalfTensor(argument, tensor);
  return widenHalfTensor(tensor);
}

/** Whether any expert tensor of `weights` (shared experts included) is 16-bit. */
export function hasHalfWeights(weights: MoeLayerWeightsV1<ExpertTensorV1>): boolean {
  const shared = weights?.shared;
  return [weights?.wGate, weights?.wUp, weights?.wDown, shared?.wGate, shared?.wUp, shared?.wDown].some(
    isHalfTensor,
  );
}

// One widened copy per weights object: weights are immutable per identity (`MoeLayerV1.weights`), so the
// copy's identity is stable too and the backends' caches keyed by it keep working.
const widenedWeights = new WeakMap<object, MoeLayerWeightsV1>();

/**
 * `layer` with every 16-bit expert tensor widened to float32: the layer itself when it has none (no copy),
 * else a layer whose `weights` is one cached widened copy per weights object. Backends that compute on
 * float32 weights call this at their entry; lengths and finiteness are checked afterwards by the layer's
 * validation as for any float tensor (a BF16/F16 NaN or Infinity widens to NaN or Infinity).
 * `options.cache: false` makes a fresh copy that nothing keeps (a backend that holds 16-bit weights as
 * 16 bits and needs float32 only for one call, e.g. a backward).
 */
export function widenLayer(
  layer: MoeLayerV1<ExpertTensorV1>,
  options: { readonly cache?: boolean } = {},
): MoeLayerV1 {
  const weights = layer?.weights;
  if (weights === null || typeof weights !== 'object' || !hasHalfWeights(weights)) {
    return layer as MoeLayerV1;
  }
  let widened = options.cache === false ? undefined : widenedWeights.get(weights);
  if (widened === undefined) {
    widened = {
      ...weights,
      wGate: widenTensor('weights.wGate', weights.wGate),
      wUp: widenTensor('weights.wUp', weights.wUp),
      wDown: widenTensor('weights.wDown', weights.wDown),
      shared: widenShared(weights.shared),
    };
    if (options.cache !== false) widenedWeights.set(weights, widened);
  }
  return { ...layer, weights: widened };
}

function widenShared(shared: SharedExpertsV1<ExpertTensorV1> | undefined): SharedExpertsV1 | undefined {
  if (shared === null || typeof shared !== 'object') return shared;
  return {
    ...shared,
    wGate: widenTensor('weights.shared.wGate', shared.wGate),
    wUp: widenTensor('weights.shared.wUp', shared.wUp),
    wDown: widenTensor('weights.shared.wDown', shared.wDown),
  };
}
