/**
 * Webhook claim order index (postgres): the claim walks PENDING deliveries in `order_key` order
 * and stops after `limit` claimable ones, instead of reading every due PENDING row and sorting
 * them on each pass (a pass cost grew with the backlog).
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201010000_webhook_claim_order_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "webhook_deliveries_state_order_key_index" on "webhook_deliveries" ("state", "order_key");`);
  }
}
