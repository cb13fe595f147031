import { arch, availableParallelism, cpus, platform, totalmem } from 'node:os';

/** A GPU adapter as `GPUAdapter.info` describes it (only on GPU suites). */
export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** True for software adapters (SwiftShader): their timings say nothing about GPUs. */
  readonly software: boolean;
}

/** The machine a report was measured on: numbers without it cannot be compared. */
export interface MachineInfo {
  readonly cpuModel: string;
  /** Logical CPUs the OS reports. */
  readonly cores: number;
  /** CPUs this process may use (cgroup limits included). */
  readonly availableParallelism: number;
  readonly platform: string;
  readonly arch: string;
  readonly nodeVersion: string;
  readonly v8Version: string;
  readonly totalMemoryGiB: number;
  readonly adapter?: AdapterInfo | undefined;
}

/** Describes this machine; `adapter` is added by GPU suites. */
export function describeMachine(adapter?: AdapterInfo): MachineInfo {
  const processors = cpus();
  const info: MachineInfo = {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    availableParallelism: availableParallelism(),
    platform: platform(),
    arch: arch(),
    nodeVersion: process.versions.node,
    v8Version: process.versions.v8,
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };
  return adapter === undefined ? info : { ...info, adapter };
}

/** One line for the head of a table. */
export function formatMachine(machine: MachineInfo): string {
  const adapter = machine.adapter
    ? `, GPU ${machine.adapter.vendor} ${machine.adapter.device || machine.adapter.architecture}${machine.adapter.software ? ' (software adapter: timings meaningless)' : ''}`
    : '';
  return `${machine.cpuModel}, ${machine.availableParallelism}/${machine.cores} CPUs, ${machine.totalMemoryGiB} GiB, Node ${machine.nodeVersion} (V8 ${machine.v8Version}), ${machine.platform}-${machine.arch}${adapter}`;
}
