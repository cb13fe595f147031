export { type UniMoE2Config, type UniMoE2Router, uniMoE2 } from './uni-moe-2.ts';
