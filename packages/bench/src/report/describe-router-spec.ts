import type { RouterSpecV1 } from '@anyk/core';

/**
 * One line saying what a router spec does, for CLI tables: scoring, selection (groups, bias), weighting,
 * e.g. `sigmoid, top-2 of 2/4 groups (dropped at 0.0), renormalised x2.5`.
 */
export function describeRouterSpec(spec: RouterSpecV1, hasSelectionBias = false): string {
  const parts: string[] = [spec.scoring.kind];
  const selection = spec.selection;
  let chosen: string;
  switch (selection.kind) {
    case 'top-k':
      chosen = `top-${selection.k}`;
      if (selection.groups)
        chosen += ` of ${selection.groups.keep}/${selection.groups.count} groups${selection.groups.dropped === 'zero' ? ' (dropped at 0.0)' : ''}`;
      break;
    case 'top-p':
      chosen = `top-p ${formatParameter(selection.p)}${selection.maxK === undefined ? '' : ` (max ${selection.maxK})`}`;
      break;
    case 'threshold':
      chosen = `threshold (${selection.fallback === 'argmax' ? 'argmax fallback' : 'no fallback'})`;
      break;
    case 'predicted-k':
      chosen = `predicted k (max ${selection.kMax})`;
      break;
    case 'expert-choice':
      chosen = `expert choice (capacity ${selection.capacity})`;
      break;
    default:
      chosen = selection.kind;
  }
  parts.push(hasSelectionBias ? `${chosen} on score + bias` : chosen);
  const weighting = spec.weighting;
  if (weighting.kind === 'renormalise')
    parts.push(`renormalised${weighting.scale === 1 ? '' : ` x${weighting.scale}`}`);
  else if (weighting.kind === 'score')
    parts.push(`raw scores${weighting.scale === 1 ? '' : ` x${weighting.scale}`}`);
  else parts.push('uniform');
  if (spec.zeroComputation.length > 0)
    parts.push(`${spec.zeroComputation.length} ${spec.zeroComputation[0]} experts`);
  return parts.join(', ');
}

function formatParameter(value: number): string {
  return Number(value.toPrecision(4)).toString();
}
