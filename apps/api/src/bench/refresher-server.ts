/**
 * The server process of the refresher bench: the real app over the environment's
 * configuration (its own process, so its peak RSS is its own). Prints one line when listening;
 * stops on SIGTERM.
 */
import 'reflect-metadata';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';

const app = await createApp(loadConfig(process.env));
await app.start();
process.stdout.write(`${JSON.stringify({ url: app.url })}\n`);
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
