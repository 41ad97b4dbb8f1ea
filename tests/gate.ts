// `npm test`, the complete gate: the typecheck (`npm run typecheck`), the lint (`npm run lint`)
// and every test (`npm run test:only`), started together. tsc and ESLint each use one core for
// 10-20 s; beside the tests they fill the moments the test files wait on a browser or a child
// process instead of adding their whole time to the run. The test output streams as it comes;
// the typecheck's and the lint's are printed when they finish. Exit code 1 if any of the three
// fails, naming it.

import { spawn } from 'node:child_process';

interface Step {
  script: string;
  /** Print the output when the step ends rather than as it comes. */
  buffered: boolean;
}

const STEPS: Step[] = [
  { script: 'typecheck', buffered: true },
  { script: 'lint', buffered: true },
  { script: 'test:only', buffered: false },
];

/** npm as it was started (`npm test` sets npm_execpath), else the one on the PATH. */
function npm(args: string[]): { command: string; args: string[] } {
  const execPath = process.env.npm_execpath;
  return execPath ? { command: process.execPath, args: [execPath, ...args] } : { command: 'npm', args };
}

function run(step: Step): Promise<boolean> {
  const started = Date.now();
  const { command, args } = npm(['run', '-s', step.script]);
  const child = spawn(command, args, { stdio: step.buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      if (output.trim()) process.stdout.write(`\n--- npm run ${step.script} ---\n${output}${output.endsWith('\n') ? '' : '\n'}`);
      process.stdout.write(`npm test: ${step.script} ${ok ? 'passed' : `FAILED (${signal ?? `exit code ${code}`})`} in ${seconds} s\n`);
      resolve(ok);
    });
    child.on('error', (error) => {
      process.stdout.write(`npm test: ${step.script} could not start: ${error.message}\n`);
      resolve(false);
    });
  });
}

const results = await Promise.all(STEPS.map(run));
const failed = STEPS.filter((_, i) => !results[i]).map((s) => s.script);
if (failed.length > 0) {
  process.stdout.write(`npm test: FAILED: ${failed.join(', ')}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write('npm test: typecheck, lint and every test passed\n');
}
