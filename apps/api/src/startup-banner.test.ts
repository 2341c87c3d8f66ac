import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { describeDatabase, formatBanner } from './startup-banner.js';

const workspace = { id: 'w', slug: 'default', company: 'Default', environment: 'production' };
const user = {
  id: 'u',
  email: 'admin@grantkeeper.local',
  displayName: 'Administrator',
  role: 'ADMIN' as const,
  workspaceSlugs: null,
  mustChangePassword: false,
};

describe('startup banner', () => {
  it('shows the URL, the one-time password, and where the data lives', () => {
    const config = loadConfig({ DATA_DIR: '/var/gk' }, '/');
    const text = formatBanner({
      config,
      listeningOn: 'http://127.0.0.1:4000',
      bootstrap: {
        defaultWorkspace: workspace,
        createdAdmin: { user, source: 'generated', oneTimePassword: 'one-time-secret' },
      },
      masterKeys: { source: 'file', keyFile: '/var/gk/master.key', created: true },
    });
    expect(text).toContain('Grantkeeper is running at http://localhost:4000');
    expect(text).toContain('(listening on http://127.0.0.1:4000)');
    expect(text).toContain('sign in as admin@grantkeeper.local with this one-time password');
    expect(text).toContain('one-time-secret');
    expect(text).toContain('SQLite /var/gk/grantkeeper.sqlite');
    expect(text).toContain('/var/gk/master.key (new: back it up)');
    expect(text).toContain('http://localhost:4000/oauth/callback');
  });

  it('names the bootstrap admin without printing the password', () => {
    const config = loadConfig({ BOOTSTRAP_ADMIN_EMAIL: 'me@example.com', BOOTSTRAP_ADMIN_PASSWORD: 'pw-secret-1' }, '/');
    const text = formatBanner({
      config,
      listeningOn: config.publicUrl,
      bootstrap: {
        defaultWorkspace: workspace,
        createdAdmin: { user: { ...user, email: 'me@example.com' }, source: 'environment', oneTimePassword: null },
      },
      masterKeys: { source: 'env', keyFile: null, created: false },
    });
    expect(text).toContain('Sign in as me@example.com with BOOTSTRAP_ADMIN_PASSWORD');
    expect(text).not.toContain('pw-secret-1');
    expect(text).not.toContain('listening on');
  });

  it('describes a PostgreSQL database without its credentials', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://gk:hunter2@db.internal:5433/grantkeeper' }, '/');
    expect(describeDatabase(config)).toBe('PostgreSQL db.internal:5433/grantkeeper');
  });
});
