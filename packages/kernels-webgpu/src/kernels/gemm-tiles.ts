/**
 * Tile shape of the grouped GEMMs: 32 x 32 outputs per workgroup of 16 x 16 threads (2 x 2 per thread),
 * K-tile 16. Three 32 x 16 f32 tiles (A and, for SwiGLU, both gate and up) take 6 KiB of the 16 KiB of
 * workgroup memory WebGPU guarantees, so the kernels run on every adapter, SwiftShader included.
 */
export const gemmTile = { rows: 32, columns: 32, depth: 16, threadsX: 16, threadsY: 16 } as const;
