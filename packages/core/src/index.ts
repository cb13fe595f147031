export * from './contracts/index.ts';
export * from './errors/index.ts';
export * from './reference/index.ts';
export * from './resolve/index.ts';
export * from './util/index.ts';
