// One import site for every family, so the rest of the conformance code can stay family-agnostic.
export { adaK } from '@anyk/routers/ada-k';
export { adaMoE } from '@anyk/routers/adamoe';
export { blockFFN } from '@anyk/routers/blockffn';
export { deepSeekV3 } from '@anyk/routers/deepseek-v3';
export { dynMoE } from '@anyk/routers/dynmoe';
export { expertChoice } from '@anyk/routers/expert-choice';
export { longCat } from '@anyk/routers/longcat';
export { moePlusPlus } from '@anyk/routers/moe-plus-plus';
export { reMoE } from '@anyk/routers/remoe';
export { topK } from '@anyk/routers/top-k';
export { topP } from '@anyk/routers/top-p';
export { uniMoE2 } from '@anyk/routers/uni-moe-2';
export type ZeroKind = 'zero' | 'copy' | 'constant';
