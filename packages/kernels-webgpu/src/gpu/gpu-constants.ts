/**
 * WebGPU enum values, spelled out here because Node (Dawn via the `webgpu` package) does not install the
 * `GPUBufferUsage` / `GPUMapMode` globals that browsers have. Values are fixed by the WebGPU spec.
 */
export const bufferUsage = {
  mapRead: 0x0001,
  copySrc: 0x0004,
  copyDst: 0x0008,
  uniform: 0x0040,
  storage: 0x0080,
  indirect: 0x0100,
  queryResolve: 0x0200,
} as const;

/** `GPUMapMode.READ`. */
export const mapModeRead = 0x0001;

/** `GPUShaderStage.COMPUTE`. */
export const shaderStageCompute = 0x4;

/** The most workgroups one dispatch dimension may have (spec default limit); larger grids fold into y. */
export const maxWorkgroupsPerDimension = 65535;
