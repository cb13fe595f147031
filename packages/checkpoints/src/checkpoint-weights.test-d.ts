import type { ExpertTensorV1, FloatArray } from '@anyk/core';
import { expectTypeOf, test } from 'vitest';
import type {
  CheckpointLayer,
  CheckpointOptions,
  CheckpointWeights,
  loadCheckpoint,
} from './open-checkpoint.ts';

test("the layers' expert tensor type follows options.weights", () => {
  expectTypeOf<CheckpointWeights<undefined>>().toEqualTypeOf<FloatArray>();
  expectTypeOf<CheckpointWeights<{ weights: 'float32' }>>().toEqualTypeOf<FloatArray>();
  expectTypeOf<CheckpointWeights<{ weights: 'keep' }>>().toEqualTypeOf<ExpertTensorV1>();
  // Not known at compile time: may hold 16-bit tensors (one type, not a union of two).
  expectTypeOf<CheckpointWeights<CheckpointOptions>>().toEqualTypeOf<ExpertTensorV1>();
  expectTypeOf<Awaited<ReturnType<typeof loadCheckpoint<undefined>>>['layers']>().toEqualTypeOf<
    readonly CheckpointLayer<FloatArray>[]
  >();
});
