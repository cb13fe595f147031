import { AnykError, BackendUnavailableError, type KernelBackendV1 } from '@anyk/core';

/** One backend to try: its name and its factory. */
export interface BackendCandidate {
  readonly name: string;
  readonly create: () => Promise<KernelBackendV1>;
}

/**
 * The first candidate whose factory resolves, with why each earlier one failed (its error code, when it
 * is an anyk error, and message).
 */
export async function pickBackend(candidates: readonly BackendCandidate[]) {
  const failures: { name: string; code: string; reason: string }[] = [];
  for (const candidate of candidates) {
    try {
      return { backend: await candidate.create(), name: candidate.name, failures };
    } catch (error) {
      failures.push({
        name: candidate.name,
        code: AnykError.isInstance(error) ? error.code : 'UNKNOWN',
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  throw new BackendUnavailableError(
    candidates.map((candidate) => candidate.name).join(' | '),
    'none could be created',
  );
}
