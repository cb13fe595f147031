/**
 * Fixtures whose feature is not implemented yet. New vectors can arrive before their implementation; they
 * are then **listed** here with the reason, and the conformance runs report them as skips with that reason.
 * The CI conformance test allows exactly these skips: a skip not listed here fails, and so does a listed
 * fixture that passes (remove its entry when the feature lands). This table is the one place to edit.
 */
export interface PendingFixture {
  /** A fixture id pattern: `<family>/<case>` where `*` matches any run of characters (`uni-moe-2/*`). */
  readonly pattern: string;
  /** Why it cannot pass yet, with the issue that tracks it. */
  readonly reason: string;
  /**
   * The lanes it is pending on: backend names (`reference`, `node`, `gpujs`, `webgpu`) or `losses` (the
   * losses package's fixture test). Absent: every lane.
   */
  readonly lanes?: readonly string[];
}

export const PENDING_FIXTURES: readonly PendingFixture[] = [];

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/** The reason `id` is pending on `lane`, or undefined when it is expected to pass there. */
export function pendingFixtureReason(
  id: string,
  lane: string,
  table: readonly PendingFixture[] = PENDING_FIXTURES,
): string | undefined {
  const entry = table.find(
    (candidate) =>
      (candidate.lanes === undefined || candidate.lanes.includes(lane)) &&
      patternToRegExp(candidate.pattern).test(id),
  );
  return entry?.reason;
}
