/**
 * The short human banner main.ts prints to stdout once the server listens: where it is, how to
 * sign in, where the data lives. The one-time admin password appears here and nowhere else
 * (never in the JSON log).
 */
import type { AppConfig } from './config.js';
import type { BootstrapResult } from './auth/index.js';
import type { MasterKeys } from './persistence/master-key.js';

export interface BannerInput {
  config: AppConfig;
  listeningOn: string;
  bootstrap: BootstrapResult;
  masterKeys: Pick<MasterKeys, 'source' | 'keyFile' | 'created'>;
}

/** The database location without credentials. */
export function describeDatabase(config: Pick<AppConfig, 'database'>): string {
  if (config.database.kind === 'sqlite') return `SQLite ${config.database.path}`;
  try {
    const url = new URL(config.database.url);
    return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

export function formatBanner(input: BannerInput): string {
  const { config, bootstrap } = input;
  const lines = ['', `  Grantkeeper is running at ${config.publicUrl}`];
  if (input.listeningOn !== config.publicUrl) lines.push(`  (listening on ${input.listeningOn})`);
  lines.push('');
  const admin = bootstrap.createdAdmin;
  if (admin?.oneTimePassword) {
    lines.push(
      `  First start: sign in as ${admin.user.email} with this one-time password:`,
      '',
      `      ${admin.oneTimePassword}`,
      '',
      '  It is shown only this once, and you choose your own password at that first sign-in.',
      '  Or create your own admin with',
      '  `pnpm --filter @grantkeeper/api cli create-user --role ADMIN …`, or set',
      '  BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD before the first start.',
    );
  } else if (admin) {
    lines.push(`  Sign in as ${admin.user.email} with BOOTSTRAP_ADMIN_PASSWORD.`);
  } else if (config.bootstrapAdmin) {
    lines.push(`  Sign in with your account (e.g. ${config.bootstrapAdmin.email}).`);
  } else {
    lines.push('  Sign in with your account.');
  }
  lines.push(
    '',
    `  OAuth redirect URI:  ${config.redirectUri}`,
    `  Database:            ${describeDatabase(config)}`,
    `  Master key:          ${
      input.masterKeys.source === 'env'
        ? 'MASTER_KEY'
        : `${input.masterKeys.keyFile ?? 'DATA_DIR/master.key'}${input.masterKeys.created ? ' (new: back it up)' : ''}`
    }`,
    `  Data directory:      ${config.dataDir}`,
    `  Events:              ${config.redisUrl === null ? 'in-process' : 'Redis'}`,
    '',
  );
  return lines.join('\n');
}
