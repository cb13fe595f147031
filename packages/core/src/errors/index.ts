export {
  AnykError,
  type AnykErrorCode,
  BackendLostError,
  BackendUnavailableError,
  CorruptFileError,
  InvalidArgumentError,
  KernelError,
  NonFiniteError,
  ShapeError,
  UnsupportedError,
} from './anyk-error.ts';
