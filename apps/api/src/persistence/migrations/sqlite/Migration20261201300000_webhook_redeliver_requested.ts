/**
 * Redelivery during an attempt (sqlite): "Redeliver" pressed while an instance is sending the
 * delivery is noted here, and that attempt's outcome is followed by one more attempt.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201300000_webhook_redeliver_requested extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`webhook_deliveries\` add column \`redeliver_requested\` integer not null default false;`);
  }
}
