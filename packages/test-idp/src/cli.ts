#!/usr/bin/env node
/** Starts the test IdP for the demo: `node dist/cli.js --port 4010 --interaction ui --client demo:demo-secret:http://localhost:4000/oauth/callback`. */
import { parseCliArgs, USAGE } from './cli-args.js';
import { DEFAULT_ACCOUNT } from './runtime-state.js';
import { startTestIdp } from './start-test-idp.js';

async function main(): Promise<void> {
  let config;
  try {
    config = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (config.help) {
    console.log(USAGE);
    return;
  }
  const idp = await startTestIdp({
    ...config.options,
    logger: config.quiet ? undefined : (line) => console.log(`[test-idp] ${line}`),
  });
  const accounts = config.options.accounts ?? [DEFAULT_ACCOUNT];
  console.log(`test-idp issuer: ${idp.issuer}`);
  console.log(`  discovery: ${idp.url('/.well-known/openid-configuration')}`);
  console.log(`  interaction: ${config.options.interaction ?? 'ui'}`);
  for (const c of config.options.clients ?? []) {
    console.log(`  client: ${c.clientId} (${c.tokenEndpointAuthMethod ?? 'client_secret_basic'}) -> ${c.redirectUris.join(', ')}`);
  }
  if (!config.options.clients?.length) console.log('  clients: none (pass --client id:secret:redirectUri)');
  for (const a of accounts) console.log(`  login: ${a.id} / ${a.password}`);

  let closing = false;
  const stop = (signal: string): void => {
    if (closing) return;
    closing = true;
    console.log(`test-idp: ${signal}, stopping`);
    idp.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
