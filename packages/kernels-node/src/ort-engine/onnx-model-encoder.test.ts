import { describe, expect, it } from 'vitest';
import { encodeOnnxModel } from './onnx-model-encoder.ts';

describe('ONNX encoder', () => {
  it('writes protobuf varints and a model header', () => {
    const bytes = encodeOnnxModel({
      name: 'g',
      nodes: [{ opType: 'MatMul', inputs: ['a', 'b'], outputs: ['y'] }],
      inputs: [{ name: 'a', elementType: 1, shape: ['M', 2] }],
      outputs: [{ name: 'y', elementType: 1, shape: ['M', 2] }],
      initializers: [{ name: 'b', dims: [2, 2], data: new Float32Array(4) }],
    });
    // field 1 (ir_version) varint 8, then field 2 (producer_name) length-delimited.
    expect([...bytes.subarray(0, 3)]).toEqual([0x08, 0x08, 0x12]);
  });

  it('rejects an initializer whose data does not match its dims', () => {
    expect(() =>
      encodeOnnxModel({
        name: 'g',
        nodes: [],
        inputs: [],
        outputs: [],
        initializers: [{ name: 'b', dims: [2, 3], data: new Float32Array(4) }],
      }),
    ).toThrow(/initializer b must be 6 elements/);
  });
});

describe('ONNX encoder attributes', () => {
  it('writes an integer attribute as AttributeProto (name, i, type INT)', () => {
    const bytes = encodeOnnxModel({
      name: 'g',
      nodes: [{ opType: 'Concat', inputs: ['a'], outputs: ['y'], attributes: { axis: 1 } }],
      inputs: [],
      outputs: [],
      initializers: [],
    });
    // AttributeProto: field 1 "axis", field 3 varint 1, field 20 varint 2 (INT).
    const attribute = [0x0a, 0x04, ...new TextEncoder().encode('axis'), 0x18, 0x01, 0xa0, 0x01, 0x02];
    const text = [...bytes].join(',');
    expect(text.includes(attribute.join(','))).toBe(true);
  });

  it('writes a negative attribute as a ten-byte int64 varint', () => {
    const bytes = encodeOnnxModel({
      name: 'g',
      nodes: [{ opType: 'Concat', inputs: ['a'], outputs: ['y'], attributes: { axis: -1 } }],
      inputs: [],
      outputs: [],
      initializers: [],
    });
    const minusOne = [0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    expect([...bytes].join(',').includes(minusOne.join(','))).toBe(true);
  });
});
