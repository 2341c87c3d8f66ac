import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases } from '../testing/databases.js';
import { createOrm, isDatabaseReachable, migrate } from './orm.js';

describe.each(testDatabases())('ORM and migrations on %s', (kind) => {
  it('lets instances booting at the same time migrate once, together', async () => {
    const db = await createTestDatabase(kind);
    const orms = await Promise.all([1, 2, 3].map(() => createOrm(db.database)));
    try {
      const applied = await Promise.all(orms.map((orm) => migrate(orm)));
      expect(applied.flat()).toEqual([
        'Migration20261128000001_initial',
        'Migration20261128000002_login_failures',
        'Migration20261201000010_webhooks',
        'Migration20261201000100_outbound',
        'Migration20261201000200_template_parameters',
        'Migration20261201003000_webhook_delivery_indexes',
        'Migration20261201004000_user_administration',
        'Migration20261201007000_api_key_fields',
        'Migration20261201008000_audit_folding',
        'Migration20261201010000_webhook_claim_order_index',
        'Migration20261201300000_webhook_redeliver_requested',
        'Migration20261201400000_client_credentials_tokens',
        'Migration20261202400100_next_retry_at_index',
      ]);
      for (const orm of orms) {
        expect(await migrate(orm)).toEqual([]);
        expect(await isDatabaseReachable(orm)).toBe(true);
      }
      const indexes = JSON.stringify(
        kind === 'postgres'
          ? await orms[0]!.em.getConnection().execute("select indexname as name from pg_indexes where schemaname = 'public'")
          : await orms[0]!.em.getConnection().execute("select name from sqlite_master where type = 'index'"),
      );
      for (const name of [
        'authorizations_next_refresh_at_index',
        'connections_workspace_id_code_unique',
        'audit_events_workspace_id_connection_code_at_index',
        'api_keys_key_hash_unique',
        'api_keys_workspace_id_name_unique',
        'sessions_token_hash_unique',
        'login_failures_expires_at_index',
        'webhook_deliveries_state_next_attempt_at_index',
        'webhook_deliveries_pair_state_order_index',
        'webhook_deliveries_state_updated_at_index',
        'webhook_deliveries_state_order_key_index',
        'authorizations_next_retry_at_index',
      ]) {
        expect(indexes).toContain(name);
      }
      // The committed migrations create exactly what the entities describe.
      const drift = await orms[0]!.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(drift.trim()).toBe('');
    } finally {
      await Promise.all(orms.map((orm) => orm.close(true)));
      await db.drop();
    }
  });
});
