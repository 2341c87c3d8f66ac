/** Outbound calls (postgres): API keys' connection access, connections' credentials and token access. */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201000100_outbound extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "api_keys" add column "connection_access" varchar(8) not null default 'NONE', add column "connection_codes" jsonb null;`,
    );
    this.addSql(
      `alter table "connections" add column "credentials_envelope" text null, add column "allow_token_access" boolean not null default false;`,
    );
  }
}
