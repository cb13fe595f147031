import { InvalidArgumentError } from '@anyk/core';
import type { BenchSuite } from '../harness/bench-suite.ts';
import { browserCpuSuite } from './browser-cpu-suite.ts';
import { cpuSuite } from './cpu-suite.ts';
import { peersSuite } from './peers-suite.ts';
import { routersSuite } from './routers-suite.ts';
import { soakSuite } from './soak-suite.ts';
import { webGpuDiagnosticsSuite, webGpuSuite } from './webgpu-suites.ts';

/** Every suite `anyk bench --suite` knows, by name. */
export const benchSuites: readonly BenchSuite[] = [
  cpuSuite,
  browserCpuSuite,
  routersSuite,
  peersSuite,
  webGpuSuite,
  webGpuDiagnosticsSuite,
  soakSuite,
];

export const suiteNames: readonly string[] = benchSuites.map((suite) => suite.name);

/** The suite called `name`, or an error listing the valid names. */
export function getSuite(name: unknown): BenchSuite {
  const suite = benchSuites.find((candidate) => candidate.name === name);
  if (!suite)
    throw new InvalidArgumentError('--suite', `one of ${suiteNames.join(', ')}`, name, 'anyk bench');
  return suite;
}
