import { bufferUsage, mapModeRead } from './gpu-constants.ts';

/** Invocations of the probe's workgroup: the GEMV kernels' workgroup size. */
const probeThreads = 256;

const probeWgsl = /* wgsl */ `enable subgroups;
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(${probeThreads})
fn main(
  @builtin(local_invocation_index) local: u32,
  @builtin(subgroup_invocation_id) lane: u32,
  @builtin(subgroup_size) size: u32,
) {
  // 1 where this invocation's subgroup lane is its local index modulo the subgroup size, else 0.
  out[local] = select(0u, 1u, lane == local % size);
  if (local == 0u) { out[${probeThreads}u] = size; }
}`;

/**
 * The subgroup size the GEMV kernels may use on `device`, or null: the device must have `subgroups`, a
 * power-of-two subgroup size, and subgroups made of consecutive `local_invocation_index` values (lane =
 * index mod size), which the subgroup reduction relies on and WebGPU does not promise. One tiny dispatch and
 * one read-back, once per backend, at creation (never inside a layer).
 */
export async function probeSubgroupLayout(device: GPUDevice): Promise<number | null> {
  if (!device.features.has('subgroups')) return null;
  const module = device.createShaderModule({ label: 'anyk-subgroup-probe', code: probeWgsl });
  const pipeline = await device.createComputePipelineAsync({
    label: 'anyk-subgroup-probe',
    layout: 'auto',
    compute: { module, entryPoint: 'main' },
  });
  const bytes = (probeThreads + 1) * 4;
  const out = device.createBuffer({ size: bytes, usage: bufferUsage.storage | bufferUsage.copySrc });
  const read = device.createBuffer({ size: bytes, usage: bufferUsage.mapRead | bufferUsage.copyDst });
  try {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: { buffer: out } }],
      }),
    );
    pass.dispatchWorkgroups(1);
    pass.end();
    encoder.copyBufferToBuffer(out, 0, read, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await read.mapAsync(mapModeRead);
    const values = new Uint32Array(read.getMappedRange().slice(0));
    read.unmap();
    const size = values[probeThreads]!;
    const contiguous = values.subarray(0, probeThreads).every((value) => value === 1);
    return contiguous && size >= 1 && (size & (size - 1)) === 0 ? size : null;
  } finally {
    out.destroy();
    read.destroy();
  }
}
