export { type TopPConfig, type TopPRouter, topP } from './top-p.ts';
