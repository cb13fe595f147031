export { SharedArena } from './shared-arena.ts';
