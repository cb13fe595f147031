import { CheckpointError } from '../checkpoint-error.ts';

/** Typed access to `config.json` keys; a missing or ill-typed key is a `CheckpointError` (`config`) naming it. */
export class ConfigReader {
  readonly values: Readonly<Record<string, unknown>>;

  constructor(values: Readonly<Record<string, unknown>>) {
    this.values = values;
  }

  /** A non-negative integer; `fallback` is the transformers config class default when the key is absent. */
  integer(key: string, fallback?: number, minimum = 0): number {
    const value = this.values[key] ?? fallback;
    if (!Number.isSafeInteger(value) || (value as number) < minimum)
      throw this.invalid(key, `an integer >= ${minimum}`, value);
    return value as number;
  }

  /** A finite number (scales). */
  number(key: string, fallback?: number): number {
    const value = this.values[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw this.invalid(key, 'a finite number', value);
    return value;
  }

  boolean(key: string, fallback?: boolean): boolean {
    const value = this.values[key] ?? fallback;
    if (typeof value !== 'boolean') throw this.invalid(key, 'true or false', value);
    return value;
  }

  string(key: string, fallback?: string): string {
    const value = this.values[key] ?? fallback;
    if (typeof value !== 'string') throw this.invalid(key, 'a string', value);
    return value;
  }

  /** A list of integers (`mlp_only_layers`). */
  integers(key: string, fallback: readonly number[] = []): readonly number[] {
    const value = this.values[key] ?? fallback;
    if (!Array.isArray(value) || value.some((entry) => !Number.isSafeInteger(entry)))
      throw this.invalid(key, 'a list of integers', value);
    return value as number[];
  }

  private invalid(key: string, expected: string, value: unknown): CheckpointError {
    return new CheckpointError(
      'config',
      'config.json',
      `"${key}" must be ${expected}, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
    );
  }
}
