import { InvalidArgumentError } from '@anyk/core';

/**
 * A tiny ONNX (protobuf) encoder: just the messages a graph of MatMul / Gemm / Gather / elementwise nodes
 * with float initializers needs. No ONNX builder package is installed, and onnxruntime-node accepts a model
 * as bytes, so the onnxruntime engine (and the bench's peers) build their graphs in memory. Field numbers follow `onnx/onnx.proto` (ModelProto, GraphProto,
 * NodeProto, TensorProto, ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto).
 */
class ProtoWriter {
  /** Chunks, appended without copying: weight tensors of 100+ MB go in as views of their typed arrays. */
  readonly chunks: Uint8Array[] = [];
  length = 0;

  private push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  varint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidArgumentError('varint', 'a non-negative safe integer', value, 'ProtoWriter');
    }
    const bytes: number[] = [];
    let remaining = value;
    while (remaining >= 0x80) {
      bytes.push((remaining % 0x80) | 0x80);
      remaining = Math.floor(remaining / 0x80);
    }
    bytes.push(remaining);
    this.push(Uint8Array.from(bytes));
    return this;
  }

  /** An int64 field: negative values as their 64-bit two's complement (ten bytes). */
  signedVarint(value: number): this {
    if (value >= 0) return this.varint(value);
    if (!Number.isSafeInteger(value)) {
      throw new InvalidArgumentError('varint', 'a safe integer', value, 'ProtoWriter');
    }
    let remaining = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    while (remaining >= 0x80n) {
      bytes.push(Number(remaining & 0x7fn) | 0x80);
      remaining >>= 7n;
    }
    bytes.push(Number(remaining));
    this.push(Uint8Array.from(bytes));
    return this;
  }

  tag(field: number, wireType: 0 | 2): this {
    return this.varint(field * 8 + wireType);
  }

  integer(field: number, value: number): this {
    return this.tag(field, 0).varint(value);
  }

  bytesField(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    this.push(data);
    return this;
  }

  string(field: number, text: string): this {
    return this.bytesField(field, new TextEncoder().encode(text));
  }

  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    this.tag(field, 2).varint(inner.length);
    for (const chunk of inner.chunks) this.push(chunk);
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

/** ONNX `TensorProto.DataType` values used here. */
export const onnxDataType = { float: 1, int32: 6, int64: 7, double: 11 } as const;

/** A dimension: a fixed size, or a symbolic name (a dynamic axis such as the token count). */
export type OnnxDimension = number | string;

export interface OnnxValueInfo {
  readonly name: string;
  readonly elementType: (typeof onnxDataType)[keyof typeof onnxDataType];
  readonly shape: readonly OnnxDimension[];
}

/** A constant tensor baked into the model (weights, shapes for Reshape). */
export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | Float64Array | BigInt64Array;
}

/** An integer or integer-list node attribute (`axis` of Concat, `to` of Cast, `transA` of Gemm, ...). */
export type OnnxAttributeValue = number | readonly number[];

export interface OnnxNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string | undefined;
  readonly attributes?: Readonly<Record<string, OnnxAttributeValue>> | undefined;
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly initializers: readonly OnnxInitializer[];
  /** Default-domain opset (default 17). */
  readonly opset?: number | undefined;
}

function writeValueInfo(writer: ProtoWriter, info: OnnxValueInfo): void {
  writer.string(1, info.name);
  writer.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.integer(1, info.elementType);
      tensor.message(2, (shape) => {
        for (const dimension of info.shape) {
          shape.message(1, (dim) => {
            if (typeof dimension === 'number') dim.integer(1, dimension);
            else dim.string(2, dimension);
          });
        }
      });
    }),
  );
}

function writeInitializer(writer: ProtoWriter, initializer: OnnxInitializer): void {
  const expected = initializer.dims.reduce((a, b) => a * b, 1);
  if (initializer.data.length !== expected) {
    throw new InvalidArgumentError(
      `initializer ${initializer.name}`,
      `${expected} elements for dims [${initializer.dims.join(', ')}]`,
      initializer.data.length,
    );
  }
  for (const dimension of initializer.dims) writer.integer(1, dimension);
  writer.integer(2, initializerType(initializer.data));
  writer.string(8, initializer.name);
  // raw_data is little-endian; typed arrays are little-endian on every platform Node supports.
  const view = new Uint8Array(
    initializer.data.buffer,
    initializer.data.byteOffset,
    initializer.data.byteLength,
  );
  writer.bytesField(9, view);
}

function initializerType(data: OnnxInitializer['data']): number {
  if (data instanceof Float32Array) return onnxDataType.float;
  if (data instanceof Float64Array) return onnxDataType.double;
  return onnxDataType.int64;
}

/** `AttributeProto`: name (1), i (3), ints (8), type (20: INT = 2, INTS = 7). Negative ints are int64. */
function writeAttribute(writer: ProtoWriter, name: string, value: OnnxAttributeValue): void {
  writer.string(1, name);
  if (typeof value === 'number') {
    writer.tag(3, 0).signedVarint(value);
    writer.integer(20, 2);
  } else {
    for (const entry of value) writer.tag(8, 0).signedVarint(entry);
    writer.integer(20, 7);
  }
}

/** Encodes a graph as ONNX model bytes (IR version 8) that `InferenceSession.create(bytes)` loads. */
export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  const model = new ProtoWriter();
  model.integer(1, 8);
  model.string(2, 'anyk');
  model.message(7, (writer) => {
    graph.nodes.forEach((node, index) => {
      writer.message(1, (nodeWriter) => {
        for (const input of node.inputs) nodeWriter.string(1, input);
        for (const output of node.outputs) nodeWriter.string(2, output);
        nodeWriter.string(3, node.name ?? `${node.opType}_${index}`);
        nodeWriter.string(4, node.opType);
        for (const [name, value] of Object.entries(node.attributes ?? {}))
          nodeWriter.message(5, (attribute) => writeAttribute(attribute, name, value));
      });
    });
    writer.string(2, graph.name);
    for (const initializer of graph.initializers)
      writer.message(5, (inner) => writeInitializer(inner, initializer));
    for (const input of graph.inputs) writer.message(11, (inner) => writeValueInfo(inner, input));
    for (const output of graph.outputs) writer.message(12, (inner) => writeValueInfo(inner, output));
  });
  model.message(8, (opset) => opset.string(1, '').integer(2, graph.opset ?? 17));
  return model.finish();
}
