/** Initial schema (postgres), generated once by the MikroORM migrator from the entities. */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261128000001_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "api_keys" ("id" varchar(36) not null, "workspace_id" varchar(36) not null, "name" varchar(200) not null, "role" varchar(16) not null, "key_hash" varchar(64) not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "created_by" varchar(36) null, constraint "api_keys_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "api_keys" add constraint "api_keys_key_hash_unique" unique ("key_hash");`);
    this.addSql(`create index "api_keys_workspace_id_index" on "api_keys" ("workspace_id");`);

    this.addSql(
      `create table "audit_events" ("id" varchar(36) not null, "workspace_id" varchar(36) not null, "connection_id" varchar(36) null, "connection_code" varchar(50) not null, "type" varchar(40) not null, "actor" varchar(320) null, "at" timestamptz not null, "message" varchar(2000) not null, "details" jsonb null, constraint "audit_events_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "audit_events_workspace_id_at_index" on "audit_events" ("workspace_id", "at");`);
    this.addSql(
      `create index "audit_events_workspace_id_connection_code_at_index" on "audit_events" ("workspace_id", "connection_code", "at");`,
    );

    this.addSql(
      `create table "authorizations" ("id" varchar(36) not null, "workspace_id" varchar(36) not null, "connection_id" varchar(36) not null, "status" varchar(32) not null default 'NOT_AUTHORIZED', "access_token_envelope" text null, "refresh_token_envelope" text null, "id_token_envelope" text null, "token_type" varchar(40) null, "token_expires_at" timestamptz null, "refresh_token_expires_at" timestamptz null, "granted_scopes" jsonb not null, "obtained_at" timestamptz null, "last_authorized_at" timestamptz null, "authorized_by" varchar(320) null, "authorized_by_user_id" varchar(36) null, "last_refreshed_at" timestamptz null, "status_reason" varchar(1000) null, "version" int not null default 0, "lease_owner" varchar(200) null, "lease_expires_at" timestamptz null, "next_refresh_at" timestamptz null, "refresh_failures" int not null default 0, "next_retry_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "authorizations_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "authorizations" add constraint "authorizations_connection_id_unique" unique ("connection_id");`);
    this.addSql(`create index "authorizations_workspace_id_index" on "authorizations" ("workspace_id");`);
    this.addSql(`create index "authorizations_next_refresh_at_index" on "authorizations" ("next_refresh_at");`);

    this.addSql(
      `create table "connections" ("id" varchar(36) not null, "workspace_id" varchar(36) not null, "code" varchar(50) not null, "name" varchar(200) not null, "base_url" varchar(2048) null, "authentication_type" varchar(40) not null, "issuer" varchar(2048) null, "authorization_endpoint" varchar(2048) null, "token_endpoint" varchar(2048) null, "revocation_endpoint" varchar(2048) null, "client_id" varchar(500) null, "client_secret_envelope" text null, "scopes" jsonb null, "token_endpoint_auth_method" varchar(32) null, "extra_authorization_params" jsonb null, "template_id" varchar(100) null, "iss_parameter_supported" boolean null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "connections_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "connections_workspace_id_created_at_index" on "connections" ("workspace_id", "created_at");`);
    this.addSql(`alter table "connections" add constraint "connections_workspace_id_code_unique" unique ("workspace_id", "code");`);

    this.addSql(
      `create table "pending_flows" ("state_hash" varchar(64) not null, "workspace_id" varchar(36) not null, "connection_id" varchar(36) not null, "code_verifier_envelope" text not null, "nonce" varchar(255) null, "redirect_uri" varchar(2048) not null, "initiated_by" varchar(36) null, "created_at" timestamptz not null, "expires_at" timestamptz not null, constraint "pending_flows_pkey" primary key ("state_hash"));`,
    );
    this.addSql(`create index "pending_flows_connection_id_index" on "pending_flows" ("connection_id");`);
    this.addSql(`create index "pending_flows_expires_at_index" on "pending_flows" ("expires_at");`);

    this.addSql(
      `create table "sessions" ("id" varchar(36) not null, "token_hash" varchar(64) not null, "user_id" varchar(36) not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "ip" varchar(64) null, "user_agent" varchar(255) null, constraint "sessions_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "sessions" add constraint "sessions_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "sessions_expires_at_index" on "sessions" ("expires_at");`);
    this.addSql(`create index "sessions_user_id_index" on "sessions" ("user_id");`);

    this.addSql(
      `create table "users" ("id" varchar(36) not null, "email" varchar(320) not null, "display_name" varchar(200) not null, "role" varchar(16) not null, "password_hash" varchar(255) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "users_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(
      `create table "workspaces" ("id" varchar(36) not null, "slug" varchar(40) not null, "company" varchar(200) not null, "environment" varchar(100) not null, "created_at" timestamptz not null, constraint "workspaces_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "workspaces" add constraint "workspaces_slug_unique" unique ("slug");`);
  }
}
