/** A case prepared in the page: inputs fetched, sessions or backends created, ready to time. */
export interface PageCase {
  /** One complete call, including the read-back that makes its result usable. */
  run(): Promise<ArrayLike<number> | undefined>;
  /** Threads the implementation actually runs on. */
  readonly threads: number;
  /** Why fewer threads than asked for run, in the implementation's words. */
  readonly threadFallback?: string | undefined;
  /** MoE cases: experts per token of the first call (the peers' top-k: `k`). */
  readonly meanExperts?: number | undefined;
  dispose(): Promise<void> | void;
}
