import type { RoutingResultV1 } from '@anyk/core';
import type { ConformanceActuals, Fixture } from '@anyk/core/testing';
import type { AnyRouter } from './router-from-fixture.ts';

/**
 * Losses and controller state of a fixture through `@anyk/losses`. Until that package is wired in, every
 * loss and controller-state expectation is reported as a skip with this reason (never a pass).
 */
export async function evaluateLossesAndState(
  fixture: Fixture,
  _router: AnyRouter | undefined,
  _routing: RoutingResultV1 | undefined,
  actuals: ConformanceActuals,
): Promise<void> {
  const skipped = (actuals.skipped ??= {});
  for (const name of Object.keys(fixture.expect.losses ?? {}))
    skipped[`losses.${name}`] = '@anyk/losses not wired yet';
  for (const name of Object.keys(fixture.expect.state ?? {})) {
    if (!actuals.state?.[name]) skipped[`state.${name}`] = '@anyk/losses controllers not wired yet';
  }
}
