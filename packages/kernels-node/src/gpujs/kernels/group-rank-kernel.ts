import type { GpuJsKernelDefinition } from './gpujs-kernel-definition.ts';

/**
 * DeepSeek-V3 group limit, output `[groupCount, tokens]`: the rank of each group of `groupSize`
 * contiguous experts by its score (`max`, or the sum of its two largest keys when `useMax` is 0), keys
 * being `score + bias`; ties go to the lower group. A group competes in selection iff rank < keep.
 */
export const groupRankKernel: GpuJsKernelDefinition = {
  name: 'group-rank',
  parameters: ['scores', 'bias', 'total', 'groupSize', 'groupCount', 'useMax'],
  body: `
  const token = this.thread.y;
  const group = this.thread.x;
  let ownFirst = -3.0e38;
  let ownSecond = -3.0e38;
  for (let ownMember = 0; ownMember < groupSize; ownMember++) {
    const ownExpert = group * groupSize + ownMember;
    const ownKey = scores[token * total + ownExpert] + bias[ownExpert];
    if (ownKey > ownFirst) {
      ownSecond = ownFirst;
      ownFirst = ownKey;
    } else if (ownKey > ownSecond) {
      ownSecond = ownKey;
    }
  }
  let own = ownFirst + ownSecond;
  if (useMax > 0.0) {
    own = ownFirst;
  }
  let rank = 0.0;
  for (let other = 0; other < groupCount; other++) {
    let first = -3.0e38;
    let second = -3.0e38;
    for (let member = 0; member < groupSize; member++) {
      const expert = other * groupSize + member;
      const key = scores[token * total + expert] + bias[expert];
      if (key > first) {
        second = first;
        first = key;
      } else if (key > second) {
        second = key;
      }
    }
    let value = first + second;
    if (useMax > 0.0) {
      value = first;
    }
    if (value > own || (value == own && other < group)) {
      rank += 1.0;
    }
  }
  return rank;`,
};
