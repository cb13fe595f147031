import { afterAll, beforeAll } from 'vitest';
import { type DawnBackends, openDawnBackends } from '../testing/dawn-gpu.ts';

/**
 * A WebGPU test file's set-up in one call: opens Dawn (`openDawnBackends`, which fails on a null adapter)
 * before the file's tests and hands the result to `receive`, which keeps what the file uses; disposes the
 * backend after them. Lives beside the tests (not in the build), since it needs vitest's hooks.
 */
export function useDawnBackends(receive: (opened: DawnBackends) => void): void {
  let opened: DawnBackends | undefined;
  beforeAll(async () => {
    opened = await openDawnBackends();
    receive(opened);
  });
  afterAll(async () => {
    await opened?.backend.dispose();
  });
}
