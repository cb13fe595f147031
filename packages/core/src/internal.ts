/**
 * `@anyk/core/internal`: the building blocks anyk's own packages share: the reference routing and backward
 * passes every backend is checked against and reuses, the stable expert plan, the layer and route validators
 * (so bad input fails the same way on every backend), the input-validation helpers and the seeded generator
 * (the whole `util/` barrel). **Unstable**: these change with the implementation, without a major version;
 * depend on `@anyk/core` for anything you ship.
 */
export * from './reference/index.ts';
export { describeNonBackend, isKernelBackend } from './resolve/is-kernel-backend.ts';
export * from './util/index.ts';
