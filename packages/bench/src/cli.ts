#!/usr/bin/env node
import { AnykError } from '@anyk/core';
import { runCli } from './cli/run-cli.ts';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (AnykError.isInstance(error)) console.error(`anyk: ${error.message}`);
    else console.error(error);
    process.exitCode = 2;
  },
);
