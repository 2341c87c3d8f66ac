/**
 * The token endpoint of the refresh-grant bench in its own process (so the bench's process CPU
 * is the client's alone): `src/testing/token-endpoint.ts` with BENCH_GRANT_CHAINS refresh tokens
 * `chain-0` … registered. Prints one line with its URL when listening; stops on SIGTERM.
 */
import { startTokenEndpoint } from '../testing/token-endpoint.js';

const endpoint = await startTokenEndpoint();
const chains = Number(process.env.BENCH_GRANT_CHAINS ?? 1000);
const expires = new Date(Date.now() + 86_400_000);
for (let i = 0; i < chains; i += 1) endpoint.register(`chain-${i}`, expires);
process.stdout.write(`${JSON.stringify({ url: endpoint.url })}\n`);
process.on('SIGTERM', () => void endpoint.close().then(() => process.exit(0)));
