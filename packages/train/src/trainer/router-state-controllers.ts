import type { RoutingResultV1 } from '@anyk/core';
import { biasControllerStep, signBiasStep } from '@anyk/losses';
import { dynMoE } from '@anyk/routers/dynmoe';
import { longCat } from '@anyk/routers/longcat';
import type { ForwardPass, MoeLanguageModel } from '../model/moe-language-model.ts';
import type { RouterConfig } from '../routing/router-config.ts';

/**
 * The controllers whose state is the model's router state (`model.state` and, for DynMoE, router
 * parameters), run by the trainer after each optimizer step on the step's routing. The trainer's own
 * controller state (ReMoE's lambda, BlockFFN's schedule, Ada-K's PPO) stays in the `Trainer`.
 */

/** Tokens routed to each candidate in one layer's routing (every slot, real and zero-computation). */
function candidateLoads(routing: RoutingResultV1, candidates: number): Float64Array {
  const loads = new Float64Array(candidates);
  for (let slot = 0; slot < routing.tokens * routing.kMax; slot++) {
    const expert = routing.slotExpert[slot]!;
    if (expert >= 0) loads[expert] = loads[expert]! + 1;
  }
  return loads;
}

/** DeepSeek-V3's selection bias: the sign step toward equal loads (`signBiasStep`), per layer. */
export function deepSeekBiasStep(model: MoeLanguageModel, pass: ForwardPass, rate: number): void {
  pass.routings.forEach((routing, layer) => {
    const bias = model.state.get(`layers.${layer}.selectionBias`);
    bias.set(signBiasStep(bias, candidateLoads(routing, model.router.totalExperts), rate));
  });
}

/** DynMoE's adaptive process (add an expert for unrouted tokens, remove unused ones), per layer. */
export function dynMoEAdaptiveStep(model: MoeLanguageModel, pass: ForwardPass, logitScale: number): void {
  const family = dynMoE({ numExperts: model.config.numExperts, logitScale });
  pass.routings.forEach((routing, layer) => {
    const prefix = `layers.${layer}.`;
    const wG = model.parameters.get(`${prefix}router`);
    const theta = model.parameters.get(`${prefix}thresholds`);
    const mask = model.state.get(`${prefix}mask`);
    const update = family.adaptiveUpdate({
      tokens: routing.tokens,
      d: model.config.d,
      x: pass.moeInputs[layer] as ArrayLike<number>,
      wG,
      theta,
      mask,
      routing,
    });
    wG.set(update.wGNext);
    theta.set(update.thetaNext);
    mask.set(update.maskNext);
  });
}

/**
 * LongCat-Flash's bias controller (`biasControllerStep`: the report's proportional rule, gain `biasRate`
 * (default 1), with optional I and D gains): per layer, the FFN experts' selection biases move so the FFN
 * experts per token approach `targetFfnK`; the identity experts' biases stay 0. The integral and the
 * previous error are router state too, so a resumed run continues the same controller.
 */
export function longCatBiasStep(
  model: MoeLanguageModel,
  pass: ForwardPass,
  router: RouterConfig & { readonly family: 'longcat' },
): void {
  const numExperts = model.config.numExperts;
  const family = longCat({ numExperts, identityExperts: router.identityExperts, k: router.k });
  const config = {
    numExperts,
    numZeroExperts: router.identityExperts,
    k: router.k,
    targetFfnK: router.targetFfnK,
    kp: router.biasRate ?? 1,
    ki: router.biasIntegralGain ?? 0,
    kd: router.biasDerivativeGain ?? 0,
  };
  pass.routings.forEach((routing, layer) => {
    const prefix = `layers.${layer}.`;
    const bias = model.state.get(`${prefix}selectionBias`);
    const integral = model.state.get(`${prefix}biasIntegral`);
    const previousError = model.state.get(`${prefix}biasPreviousError`);
    const next = biasControllerStep(
      {
        bias: Float64Array.from(bias),
        integral: Float64Array.from(integral),
        prevError: Float64Array.from(previousError),
      },
      family.ffnLoads(routing),
      routing.tokens,
      config,
    ).state;
    bias.set(next.bias);
    integral.set(next.integral);
    previousError.set(next.prevError);
  });
}
