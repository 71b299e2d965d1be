#!/usr/bin/env node
// changectl: the command-line client of the change audit & freeze service (an HTTP client only).
import { run } from './program';
import { terminalText } from './terminal-text';

run(process.argv, {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then(
  (code) => {
    // exitCode rather than exit(): stdout may still be draining into a pipe.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`changectl: ${terminalText(String(error))}\n`);
    process.exitCode = 1;
  },
);
