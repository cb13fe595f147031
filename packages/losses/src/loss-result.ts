/**
 * What every auxiliary loss returns: its value (coefficient included) and its gradient w.r.t. each input
 * it reads directly, keyed by input name. Upstream steps (softmax, normalisations, gates) are separate
 * VJP helpers in `chain/`, so each loss stays a small, checkable formula.
 */
export interface LossResult<Grad extends object> {
  readonly value: number;
  readonly grad: Grad;
}
