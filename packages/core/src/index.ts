export * from './contracts/index.ts';
export * from './errors/index.ts';
