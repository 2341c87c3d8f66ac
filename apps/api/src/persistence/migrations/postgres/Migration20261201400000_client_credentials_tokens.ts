/**
 * Client credentials tokens (postgres): the token of each OAUTH2_CLIENT_CREDENTIALS connection,
 * encrypted and shared by every instance, with its compare-and-swap version and fetch lease.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201400000_client_credentials_tokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "client_credentials_tokens" ("id" varchar(36) not null, "workspace_id" varchar(36) not null, "connection_id" varchar(36) not null, "access_token_envelope" text null, "token_type" varchar(40) null, "token_expires_at" timestamptz null, "granted_scopes" jsonb not null, "obtained_at" timestamptz null, "settings_at" timestamptz null, "version" int not null default 0, "lease_owner" varchar(200) null, "lease_expires_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "client_credentials_tokens_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "client_credentials_tokens" add constraint "client_credentials_tokens_connection_id_unique" unique ("connection_id");`,
    );
  }
}
