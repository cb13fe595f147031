import { describe, expect, it } from 'vitest';
import type { ExpertTensorV1, MoeLayerV1 } from '../contracts/index.ts';
import { InvalidArgumentError, NonFiniteError, ShapeError } from '../errors/index.ts';
import { createReferenceBackend } from '../reference/create-reference-backend.ts';
import {
  bf16ToFloat,
  f16ToFloat,
  floatToBf16,
  floatToF16,
  toHalfTensor,
  widenHalfTensor,
  widenLayer,
} from './half-tensor.ts';
import { seededRandom } from './seeded-random.ts';

describe('16-bit rounding', () => {
  it('rounds BF16 to nearest, ties to even, and widens exactly', () => {
    expect(floatToBf16(1)).toBe(0x3f80);
    expect(floatToBf16(-2)).toBe(0xc000);
    // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to the even mantissa (1).
    expect(floatToBf16(1 + 2 ** -8)).toBe(0x3f80);
    // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 and 1 + 2^-6: ties to even (1 + 2^-6).
    expect(floatToBf16(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(floatToBf16(1 + 2 ** -8 + 2 ** -20)).toBe(0x3f81);
    expect(bf16ToFloat(0x3f81)).toBe(1 + 2 ** -7);
    expect(Number.isNaN(bf16ToFloat(floatToBf16(Number.NaN)))).toBe(true);
    expect(bf16ToFloat(floatToBf16(Number.POSITIVE_INFINITY))).toBe(Number.POSITIVE_INFINITY);
  });

  it('rounds F16 to nearest, ties to even, subnormals and the range included', () => {
    expect(floatToF16(1)).toBe(0x3c00);
    expect(floatToF16(-2)).toBe(0xc000);
    expect(floatToF16(65504)).toBe(0x7bff);
    expect(floatToF16(65519)).toBe(0x7bff);
    expect(floatToF16(65520)).toBe(0x7c00);
    expect(floatToF16(2 ** -24)).toBe(1);
    expect(floatToF16(2 ** -25)).toBe(0); // tie between 0 and 2^-24: even (0)
    expect(floatToF16(3 * 2 ** -25)).toBe(2); // tie between 1 and 2 units: even (2)
    expect(floatToF16(2 ** -14)).toBe(0x0400); // smallest normal
    expect(floatToF16(1 + 2 ** -11)).toBe(0x3c00); // tie: even
    expect(floatToF16(2 - 2 ** -12)).toBe(0x4000); // rounds up, carries into the exponent
    expect(floatToF16(-0)).toBe(0x8000);
    for (const bits of [0x0001, 0x03ff, 0x0400, 0x3c00, 0x3c01, 0x7bff, 0xfbff, 0x8001]) {
      expect(floatToF16(f16ToFloat(bits))).toBe(bits);
    }
  });

  it('round-trips random values: widen(round(x)) is the nearest 16-bit value', () => {
    const random = seededRandom(7);
    const values = Float32Array.from({ length: 500 }, () => (random() - 0.5) * 10 ** (random() * 6 - 3));
    for (const dtype of ['bf16', 'f16'] as const) {
      const tensor = toHalfTensor(values, dtype);
      const widened = widenHalfTensor(tensor);
      const toFloat = dtype === 'bf16' ? bf16ToFloat : f16ToFloat;
      const ulp = dtype === 'bf16' ? 2 ** -8 : 2 ** -11;
      values.forEach((value, index) => {
        expect(widened[index]).toBe(toFloat(tensor.bits[index]!));
        // Relative error at most half an ulp of the format (F16 subnormals: absolute 2^-25).
        expect(Math.abs(widened[index]! - value)).toBeLessThanOrEqual(
          Math.max(Math.abs(value) * ulp, dtype === 'f16' ? 2 ** -25 : 0),
        );
      });
    }
  });

  it('refuses a finite value that overflows F16 and an unknown dtype', () => {
    expect(() => toHalfTensor([1, 70000], 'f16', 'wUp')).toThrow(NonFiniteError);
    expect(() => toHalfTensor([1, 70000], 'f16', 'wUp')).toThrow(/wUp/);
    expect(() => toHalfTensor([1], 'f8' as never)).toThrow(InvalidArgumentError);
  });
});

const experts = 3;
const d = 4;
const f = 5;
const values = (length: number, offset: number) =>
  Float32Array.from({ length }, (_, index) => 0.5 * Math.sin(1.3 * index + offset));

function layerWith(
  tensor: (values: Float32Array, name: string) => ExpertTensorV1,
): MoeLayerV1<ExpertTensorV1> {
  return {
    spec: {
      specificationVersion: 'v1',
      family: 'test',
      numExperts: experts,
      zeroComputation: [],
      logits: { kind: 'linear' },
      gatingResidual: false,
      scoring: { kind: 'softmax' },
      selection: { kind: 'top-k', k: 2 },
      weighting: { kind: 'score', scale: 1, gain: false },
    },
    weights: {
      d,
      f,
      expert: { kind: 'swiglu' },
      router: values(experts * d, 0.1),
      wGate: tensor(values(experts * f * d, 0.2), 'wGate'),
      wUp: tensor(values(experts * f * d, 0.3), 'wUp'),
      wDown: tensor(values(experts * d * f, 0.4), 'wDown'),
      shared: {
        count: 1,
        f: 3,
        gate: 'none',
        wGate: tensor(values(3 * d, 0.5), 'shared.wGate'),
        wUp: tensor(values(3 * d, 0.6), 'shared.wUp'),
        wDown: tensor(values(d * 3, 0.7), 'shared.wDown'),
      },
    },
  };
}

describe('layers with 16-bit weights', () => {
  it('compute exactly what the layer computes on the widened weights (reference backend)', async () => {
    const backend = await createReferenceBackend();
    const input = { tokens: 2, x: values(2 * d, 0.9) };
    for (const dtype of ['bf16', 'f16'] as const) {
      const half = layerWith((tensor) => toHalfTensor(tensor, dtype));
      const widened = layerWith((tensor) => widenHalfTensor(toHalfTensor(tensor, dtype)));
      const a = await backend.forward(half, input, { retainForBackward: true });
      const b = await backend.forward(widened, input, { retainForBackward: true });
      expect(a.y).toEqual(b.y);
      const gradOutput = values(2 * d, 1.1);
      const gradsA = await backend.backward(half, input, a, gradOutput);
      const gradsB = await backend.backward(widened, input, b, gradOutput);
      expect(gradsA.wUp).toEqual(gradsB.wUp);
      expect(gradsA.shared?.wDown).toEqual(gradsB.shared?.wDown);
    }
  });

  it('widen once per weights object and leave float layers untouched', () => {
    const float = layerWith((tensor) => tensor);
    expect(widenLayer(float)).toBe(float);
    const half = layerWith((tensor) => toHalfTensor(tensor, 'bf16'));
    expect(widenLayer(half).weights).toBe(widenLayer({ ...half }).weights);
    expect(widenLayer(half).weights.wUp).toBeInstanceOf(Float32Array);
  });

  it('name the tensor of a bad dtype, a wrong length or a NaN', async () => {
    const backend = await createReferenceBackend();
    const input = { tokens: 1, x: values(d, 0.9) };
    const badDtype = layerWith((tensor, name) =>
      name === 'wUp' ? ({ dtype: 'fp8', bits: new Uint16Array(tensor.length) } as never) : tensor,
    );
    await expect(backend.forward(badDtype, input)).rejects.toThrow(InvalidArgumentError);
    await expect(backend.forward(badDtype, input)).rejects.toThrow(/weights\.wUp\.dtype/);
    const notBits = layerWith((tensor, name) =>
      name === 'wDown' ? ({ dtype: 'bf16', bits: tensor } as never) : tensor,
    );
    await expect(backend.forward(notBits, input)).rejects.toThrow(/weights\.wDown\.bits/);
    const short = layerWith((tensor, name) =>
      name === 'shared.wUp' ? { dtype: 'bf16', bits: new Uint16Array(tensor.length - 1) } : tensor,
    );
    await expect(backend.forward(short, input)).rejects.toThrow(ShapeError);
    await expect(backend.forward(short, input)).rejects.toThrow(/weights\.shared\.wUp/);
    const nan = layerWith((tensor, name) => {
      const half = toHalfTensor(tensor, 'bf16');
      if (name === 'wGate') half.bits[3] = 0x7fc0;
      return half;
    });
    await expect(backend.forward(nan, input)).rejects.toThrow(NonFiniteError);
    await expect(backend.forward(nan, input)).rejects.toThrow(/weights\.wGate/);
  });
});
