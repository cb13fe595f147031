export { type DeepSeekV3Config, type DeepSeekV3Router, deepSeekV3 } from './deepseek-v3.ts';
