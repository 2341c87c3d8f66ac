/** Webhooks and their delivery outbox (postgres). */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201000010_webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "webhooks" ("id" varchar(36) not null, "workspace_id" varchar(36) not null, "url" varchar(2000) not null, "description" varchar(500) null, "events" jsonb not null, "enabled" boolean not null default true, "secret_envelope" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "webhooks_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhooks_workspace_id_created_at_index" on "webhooks" ("workspace_id", "created_at");`);
    this.addSql(
      `create table "webhook_deliveries" ("id" varchar(36) not null, "workspace_id" varchar(36) not null, "webhook_id" varchar(36) not null, "event_type" varchar(40) not null, "connection_key" varchar(64) not null, "order_key" varchar(40) not null, "payload" text not null, "state" varchar(10) not null default 'PENDING', "attempts" int not null default 0, "max_attempts" int not null, "next_attempt_at" timestamptz null, "lease_owner" varchar(100) null, "lease_until" timestamptz null, "last_status_code" int null, "last_error" varchar(500) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "webhook_deliveries_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "webhook_deliveries_webhook_id_connection_key_order_key_index" on "webhook_deliveries" ("webhook_id", "connection_key", "order_key");`,
    );
    this.addSql(`create index "webhook_deliveries_webhook_id_created_at_index" on "webhook_deliveries" ("webhook_id", "created_at");`);
    this.addSql(`create index "webhook_deliveries_state_next_attempt_at_index" on "webhook_deliveries" ("state", "next_attempt_at");`);
  }
}
