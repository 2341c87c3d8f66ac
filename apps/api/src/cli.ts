#!/usr/bin/env node
/** The `grantkeeper` command line (see cli/run.ts): `node dist/cli.js <command> [options]`. */
import { runCli } from './cli/run.js';

process.exitCode = await runCli(process.argv.slice(2), process.env);
