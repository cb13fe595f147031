export {
  AnykError,
  BackendLostError,
  BackendUnavailableError,
  CorruptFileError,
  InvalidArgumentError,
  NonFiniteError,
  ShapeError,
  UnsupportedError,
} from './anyk-error.ts';
