/** Webhooks and their delivery outbox (sqlite). */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201000010_webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`webhooks\` (\`id\` text not null, \`workspace_id\` text not null, \`url\` text not null, \`description\` text null, \`events\` json not null, \`enabled\` integer not null default true, \`secret_envelope\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`));`,
    );
    this.addSql(`create index \`webhooks_workspace_id_created_at_index\` on \`webhooks\` (\`workspace_id\`, \`created_at\`);`);
    this.addSql(
      `create table \`webhook_deliveries\` (\`id\` text not null, \`workspace_id\` text not null, \`webhook_id\` text not null, \`event_type\` text not null, \`connection_key\` text not null, \`order_key\` text not null, \`payload\` text not null, \`state\` text not null default 'PENDING', \`attempts\` integer not null default 0, \`max_attempts\` integer not null, \`next_attempt_at\` datetime null, \`lease_owner\` text null, \`lease_until\` datetime null, \`last_status_code\` integer null, \`last_error\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`));`,
    );
    this.addSql(
      `create index \`webhook_deliveries_webhook_id_connection_key_order_key_index\` on \`webhook_deliveries\` (\`webhook_id\`, \`connection_key\`, \`order_key\`);`,
    );
    this.addSql(
      `create index \`webhook_deliveries_webhook_id_created_at_index\` on \`webhook_deliveries\` (\`webhook_id\`, \`created_at\`);`,
    );
    this.addSql(
      `create index \`webhook_deliveries_state_next_attempt_at_index\` on \`webhook_deliveries\` (\`state\`, \`next_attempt_at\`);`,
    );
  }
}
