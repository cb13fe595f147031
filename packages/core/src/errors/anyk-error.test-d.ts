import { describe, expectTypeOf, it } from 'vitest';
import {
  AnykError,
  type AnykErrorCode,
  InvalidArgumentError,
  KernelError,
  ShapeError,
} from './anyk-error.ts';

describe('error codes form one union', () => {
  it('AnykErrorCode lists every code', () => {
    expectTypeOf<AnykErrorCode>().toEqualTypeOf<
      | 'invalid-argument'
      | 'shape-mismatch'
      | 'non-finite'
      | 'unsupported'
      | 'backend-unavailable'
      | 'backend-lost'
      | 'corrupt-file'
      | 'kernel-failed'
    >();
    expectTypeOf<AnykError['code']>().toEqualTypeOf<AnykErrorCode>();
  });

  it('each class narrows its code, and a code outside the union does not compile', () => {
    expectTypeOf<ShapeError['code']>().toEqualTypeOf<'shape-mismatch'>();
    expectTypeOf<KernelError['code']>().toEqualTypeOf<'kernel-failed'>();
    // @ts-expect-error: not an anyk error code
    new AnykError('webgpu-error', 'message');
  });

  it('isInstance narrows to the class it is called on', () => {
    const value: unknown = new InvalidArgumentError('k', 'positive', 0);
    if (ShapeError.isInstance(value)) expectTypeOf(value).toEqualTypeOf<ShapeError>();
    if (KernelError.isInstance(value)) expectTypeOf(value.kernel).toEqualTypeOf<string>();
    if (AnykError.isInstance(value)) expectTypeOf(value.code).toEqualTypeOf<AnykErrorCode>();
  });
});
