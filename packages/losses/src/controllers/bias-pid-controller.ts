import { InvalidArgumentError } from '@anyk/core';
import { requireInteger, requireNumber, requireTensor } from '@anyk/core/internal';

/** LongCat-Flash bias controller settings (apps/docs/site/guide/algorithms.md). */
export interface BiasControllerConfig {
  /** FFN experts N (ids `0..N-1`); identity experts follow and keep their bias. */
  readonly numExperts: number;
  /** Identity (zero-computation) experts Z. */
  readonly numZeroExperts: number;
  /** Experts per token k. */
  readonly k: number;
  /** Target FFN experts per token K_e. */
  readonly targetFfnK: number;
  /** Proportional gain (the report's mu [report]). */
  readonly kp: number;
  /** Integral gain (anyk extension, default 0). */
  readonly ki?: number | undefined;
  /** Derivative gain (anyk extension, default 0). */
  readonly kd?: number | undefined;
}

export interface BiasControllerState {
  /** `[N + Z]` selection bias. */
  readonly bias: Float64Array;
  /** `[N]` running sum of errors (starts at 0). */
  readonly integral: Float64Array;
  /** `[N]` previous step's error (starts at 0). */
  readonly prevError: Float64Array;
}

/** The controller state for a given starting bias (integral and previous error at 0). */
export function createBiasControllerState(
  bias: ArrayLike<number>,
  config: BiasControllerConfig,
): BiasControllerState {
  validateConfig(config, 'createBiasControllerState');
  requireTensor('bias', bias, [config.numExperts + config.numZeroExperts]);
  return {
    bias: Float64Array.from(bias),
    integral: new Float64Array(config.numExperts),
    prevError: new Float64Array(config.numExperts),
  };
}

/**
 * One LongCat bias step (apps/docs/site/guide/algorithms.md [report]; fixtures README §4 longcat): with FFN
 * loads `T_i` over
 * `numTokens` tokens, `error_i = K_e / (k N) - T_i / (k T)`, `integral += error`,
 * `delta = kp error + ki integral + kd (error - prevError)`, `bias_i += delta_i` on FFN experts only.
 * The report's rule is `kp = mu, ki = kd = 0`; under-used FFN experts get a larger bias so selection moves
 * toward the target FFN share.
 */
export function biasControllerStep(
  state: BiasControllerState,
  loads: ArrayLike<number>,
  numTokens: number,
  config: BiasControllerConfig,
): { state: BiasControllerState; error: Float64Array; delta: Float64Array } {
  const context = 'biasControllerStep';
  validateConfig(config, context);
  const { numExperts, numZeroExperts, k, targetFfnK, kp } = config;
  const ki = config.ki ?? 0;
  const kd = config.kd ?? 0;
  requireInteger('numTokens', numTokens, { min: 1 }, context);
  requireTensor('loads', loads, [numExperts]);
  requireTensor('state.bias', state.bias, [numExperts + numZeroExperts]);
  requireTensor('state.integral', state.integral, [numExperts]);
  requireTensor('state.prevError', state.prevError, [numExperts]);
  const error = new Float64Array(numExperts);
  const delta = new Float64Array(numExperts);
  const integral = new Float64Array(numExperts);
  const bias = Float64Array.from(state.bias);
  for (let expert = 0; expert < numExperts; expert++) {
    const value = targetFfnK / (k * numExperts) - loads[expert]! / (k * numTokens);
    error[expert] = value;
    integral[expert] = state.integral[expert]! + value;
    delta[expert] = kp * value + ki * integral[expert]! + kd * (value - state.prevError[expert]!);
    bias[expert] = bias[expert]! + delta[expert]!;
  }
  return { state: { bias, integral, prevError: error }, error, delta };
}

/** Applies {@link biasControllerStep} once per row of `loadsSequence [S, N]`; returns every bias `[S, N + Z]`. */
export function runBiasController(
  state: BiasControllerState,
  loadsSequence: ArrayLike<number>,
  steps: number,
  numTokens: number,
  config: BiasControllerConfig,
): { state: BiasControllerState; biasSequence: Float64Array } {
  requireInteger('steps', steps, { min: 1 }, 'runBiasController');
  requireTensor('loadsSequence', loadsSequence, [steps, config.numExperts]);
  const width = config.numExperts + config.numZeroExperts;
  const biasSequence = new Float64Array(steps * width);
  let current = state;
  for (let step = 0; step < steps; step++) {
    const loads = Array.prototype.slice.call(
      loadsSequence,
      step * config.numExperts,
      (step + 1) * config.numExperts,
    );
    current = biasControllerStep(current, loads as number[], numTokens, config).state;
    biasSequence.set(current.bias, step * width);
  }
  return { state: current, biasSequence };
}

function validateConfig(config: BiasControllerConfig, context: string): void {
  requireInteger('numExperts', config.numExperts, { min: 1 }, context);
  requireInteger('numZeroExperts', config.numZeroExperts, { min: 0 }, context);
  requireInteger('k', config.k, { min: 1 }, context);
  requireNumber('targetFfnK', config.targetFfnK, { min: 0, minOpen: true }, context);
  if (config.targetFfnK > config.k) {
    throw new InvalidArgumentError('targetFfnK', `at most k (${config.k})`, config.targetFfnK, context);
  }
  requireNumber('kp', config.kp, {}, context);
  requireNumber('ki', config.ki ?? 0, {}, context);
  requireNumber('kd', config.kd ?? 0, {}, context);
}
