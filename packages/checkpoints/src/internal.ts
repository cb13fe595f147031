/**
 * `@anyk/checkpoints/internal`: the pieces the checkpoint loader is built from, shared with anyk's CLI (which
 * inspects files that are not whole checkpoints): each architecture's tensor layout, the safetensors header
 * parser, the lazy multi-file tensor set and the tensor decoders (F16/BF16 included). **Unstable**: these
 * change with the loader's implementation, without a major version; depend on `@anyk/checkpoints` for
 * anything you ship.
 */
export {
  type ArchitectureLayout,
  architectureLayout,
  type FfnTensorNames,
  type MoeTensorNames,
} from './architectures/index.ts';
export { decodeHalf, decodeTensorInto } from './safetensors/decode-tensor.ts';
export { openSafetensorsSet, type SafetensorsSet } from './safetensors/open-safetensors-set.ts';
export {
  parseSafetensorsHeader,
  readHeaderLength,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
} from './safetensors/safetensors-header.ts';
