export * from './backend/index.ts';
export * from './diagnostics/index.ts';
export * from './kernels/index.ts';
export * from './layer/index.ts';
