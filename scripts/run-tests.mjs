#!/usr/bin/env node
// Runs lint and typecheck, then every package's tests through turbo (one package at a time: the
// suites share PostgreSQL, Redis and two CPU cores), streams their output, and closes with one line that sums the Vitest
// summaries of all packages: "N passed, N failed, N skipped". Exits with turbo's exit code.
// With --unit, runs only the unit tests (test:unit) of every package, two packages at a time.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const turbo = fileURLToPath(new URL('../node_modules/.bin/turbo', import.meta.url));

// eslint-disable-next-line no-control-regex -- strips the colour codes Vitest prints
const ansi = /\u001b\[[0-9;]*m/g;
const totals = { passed: 0, failed: 0, skipped: 0 };
let pending = '';

function count(line) {
  const text = line.replace(ansi, '');
  const match = /\bTests\s+(.*)\(\d+\)\s*$/.exec(text);
  if (!match) return;
  for (const part of match[1].split('|')) {
    const item = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part);
    if (!item) continue;
    const kind = item[2] === 'todo' ? 'skipped' : item[2];
    totals[kind] += Number(item[1]);
  }
}

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(turbo, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
    });
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(count);
    });
    child.on('close', (code, signal) => {
      count(pending);
      pending = '';
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** A root devDependency's binary, its output passed through; resolves to its exit code. */
function runBin(name, args) {
  const bin = fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// `--unit`: only every package's unit tests (test:unit), no PostgreSQL, Redis or browser needed.
const unit = process.argv.includes('--unit');
const extra = process.argv.slice(2).filter((arg) => arg !== '--unit');
let code;
if (unit) {
  code = await run(['run', 'test:unit', '--concurrency=2', ...extra]);
} else {
  // Formatting and the root's own lint, then lint (package boundaries included) and types, then
  // the suites one package at a time.
  code = await runBin('prettier', ['--check', '.']);
  if (code === 0) code = await runBin('eslint', ['--max-warnings=0', 'scripts', 'eslint.config.js']);
  if (code === 0) code = await run(['run', 'lint', 'typecheck', ...extra]);
  if (code === 0) code = await run(['run', 'test', '--concurrency=1', ...extra]);
}

const done = unit ? 'every unit test task succeeded' : 'lint, typecheck and every test task succeeded';
const status = code === 0 ? done : `failed (exit ${code})`;
process.stdout.write(`\n${status}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(code);
