/**
 * One gpu.js kernel as data: its name (for messages), its parameter names (so arguments are passed by
 * name and an oversized one can be named in an error) and its body, JavaScript in the subset gpu.js
 * transpiles. Bodies are kept as strings, not functions, so the TypeScript toolchain never rewrites the
 * source gpu.js parses.
 *
 * Rules every body follows, learned from gpu.js 2.24.1:
 * - every value is a float (`this.thread.x` too); indices are exact only below 2^24;
 * - float accumulators start from a literal with a decimal point (`0.0`);
 * - no `continue` (the cpu backend's loop rewrite skips the increment), no `break`, no helper functions;
 * - no loop variable declared twice in one kernel, even in sibling blocks (the cpu backend hoists loop
 *   variables into one scope and fails to compile);
 * - loop bounds are arguments; the runtime raises `loopMaxIterations` so gpu.js does not cut loops at 1000.
 */
export interface GpuJsKernelDefinition {
  readonly name: string;
  readonly parameters: readonly string[];
  readonly body: string;
}

/** The kernel source gpu.js compiles: `function (parameters) { body }`. */
export function gpuJsKernelSource(definition: GpuJsKernelDefinition): string {
  return `function (${definition.parameters.join(', ')}) {\n${definition.body}\n}`;
}
