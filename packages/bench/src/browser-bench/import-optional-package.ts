import { BackendUnavailableError } from '@anyk/core';

/**
 * Imports an optional peer of the bench (`vite`, `playwright-core`, ...), or rejects with
 * `BackendUnavailableError` naming the package and how to install it.
 */
export async function importOptionalPackage<T>(name: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    throw new BackendUnavailableError(
      name,
      `the optional peer "${name}" could not be loaded (install it with \`npm install ${name}\`): ${(error as Error).message}`,
      { cause: error },
    );
  }
}
