/**
 * Webhook delivery indexes (sqlite): the claim's "no older PENDING delivery of the same
 * (webhook, connection)" check probes (webhook, connection, state, order) directly instead of
 * walking the pair's delivered rows; housekeeping deletes finished rows by (state, updated_at).
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201003000_webhook_delivery_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index \`webhook_deliveries_pair_state_order_index\` on \`webhook_deliveries\` (\`webhook_id\`, \`connection_key\`, \`state\`, \`order_key\`);`,
    );
    this.addSql(`create index \`webhook_deliveries_state_updated_at_index\` on \`webhook_deliveries\` (\`state\`, \`updated_at\`);`);
  }
}
