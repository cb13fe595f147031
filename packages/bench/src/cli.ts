#!/usr/bin/env node
import { AnykError } from '@anyk/core';
import { conformanceCommand } from './cli/conformance-command.ts';

const usage = `anyk — dynamic-routing Mixture-of-Experts toolkit

Usage:
  anyk demo [--text "..."] [--checkpoint file] [--synthetic] [--backend name] [--family a,b] [--tokens n]
      [--layers n] [--out dir]
      route real text through the trained checkpoint (or --synthetic tokens) with every router family,
      print a table, write an HTML report
  anyk conformance <fixtures-dir> [--backend reference|node|gpujs|webgpu] [--family a,b] [--json out.json]
  anyk bench --suite <cpu|routers|peers|webgpu|webgpu-diagnostics> [--json file] [--markdown file]
      [--svg file] [--quick] [--backend a,b]     (anyk bench --help lists the suites)
  anyk reproduce [--quick] [--json file] [--out dir]  train top-2 vs top-p byte-level MoE LMs, compare them
  anyk train [--family top-p|top-k|remoe|dynmoe|moe-plus-plus|deepseek-v3] [--p x|--k n|--target-k x]
      [--steps n] [--layers n] [--d n] [--seed n] [--out path] [--resume file] [--backend node|webgpu|reference]
      train your own byte-level MoE LM on the KJV text, write a resumable checkpoint
  anyk fuzz --backend <node|gpujs|webgpu> [--cases n] [--seed s] [--family a,b] [--small]
      differential fuzzing against the float64 reference; prints the shrunk counterexample
  anyk help`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'conformance':
      return conformanceCommand(rest);
    case 'demo': {
      const { demoCommand } = await import('./cli/demo-command.ts');
      return demoCommand(rest);
    }
    case 'reproduce': {
      const { reproduceCommand } = await import('./cli/reproduce-command.ts');
      return reproduceCommand(rest);
    }
    case 'train': {
      const { trainCommand } = await import('./cli/train-command.ts');
      return trainCommand(rest);
    }
    case 'bench': {
      const { benchCommand } = await import('./cli/bench-command.ts');
      return benchCommand(rest);
    }
    case 'fuzz': {
      const { fuzzCommand } = await import('./cli/fuzz-command.ts');
      return fuzzCommand(rest);
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(usage);
      return command === undefined ? 2 : 0;
    default:
      console.error(`anyk: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (AnykError.isInstance(error)) console.error(`anyk: ${error.message}`);
    else console.error(error);
    process.exitCode = 2;
  },
);
