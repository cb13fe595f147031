/**
 * `@anyk/routers`: every family's factory with its config and router types (each also under its own
 * subpath, e.g. `@anyk/routers/top-p`, which pulls in no other family). The tools that read a routing result
 * back (`selectionLists`, `expertLoads`) are in `@anyk/routers/diagnostics`.
 */
export * from './ada-k/index.ts';
export * from './adamoe/index.ts';
export * from './blockffn/index.ts';
export * from './deepseek-v3/index.ts';
export * from './dynmoe/index.ts';
export * from './expert-choice/index.ts';
export * from './longcat/index.ts';
export * from './moe-plus-plus/index.ts';
export * from './remoe/index.ts';
export type { RouterFamily, RouterMode, RouterParameterInfo } from './shared/router-family.ts';
export * from './top-k/index.ts';
export * from './top-p/index.ts';
export * from './uni-moe-2/index.ts';
