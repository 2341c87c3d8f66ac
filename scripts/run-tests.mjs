#!/usr/bin/env node
// Runs every package's tests through turbo (one package at a time: the suites share PostgreSQL,
// Redis and two CPU cores), streams their output, and closes with one line that sums the Vitest
// summaries of all packages: "N passed, N failed, N skipped". Exits with turbo's exit code.
import { spawn } from 'node:child_process';

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

const child = spawn('turbo', ['run', 'test', '--concurrency=1', ...process.argv.slice(2)], {
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
  const status = code === 0 ? 'all test tasks succeeded' : `test tasks failed (exit ${code ?? signal})`;
  process.stdout.write(`\n${status}\n`);
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
  process.exit(code ?? 1);
});
