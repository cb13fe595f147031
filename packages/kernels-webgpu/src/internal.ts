/// <reference types="@webgpu/types" preserve="true" />
/**
 * `@anyk/kernels-webgpu/internal`: the WGSL kernel sources and the encoders that record a layer's forward
 * and backward passes on a device. **Unstable**: these change with the backend's implementation, without a
 * major version; depend on `@anyk/kernels-webgpu` for anything you ship.
 */
export * from './kernels/index.ts';
export * from './layer/index.ts';
