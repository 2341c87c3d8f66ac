/** Initial schema (sqlite), generated once by the MikroORM migrator from the entities. */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261128000001_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`api_keys\` (\`id\` text not null, \`workspace_id\` text not null, \`name\` text not null, \`role\` text not null, \`key_hash\` text not null, \`created_at\` datetime not null, \`last_used_at\` datetime null, \`created_by\` text null, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`api_keys_key_hash_unique\` on \`api_keys\` (\`key_hash\`);`);
    this.addSql(`create index \`api_keys_workspace_id_index\` on \`api_keys\` (\`workspace_id\`);`);

    this.addSql(
      `create table \`audit_events\` (\`id\` text not null, \`workspace_id\` text not null, \`connection_id\` text null, \`connection_code\` text not null, \`type\` text not null, \`actor\` text null, \`at\` datetime not null, \`message\` text not null, \`details\` json null, primary key (\`id\`));`,
    );
    this.addSql(`create index \`audit_events_workspace_id_at_index\` on \`audit_events\` (\`workspace_id\`, \`at\`);`);
    this.addSql(
      `create index \`audit_events_workspace_id_connection_code_at_index\` on \`audit_events\` (\`workspace_id\`, \`connection_code\`, \`at\`);`,
    );

    this.addSql(
      `create table \`authorizations\` (\`id\` text not null, \`workspace_id\` text not null, \`connection_id\` text not null, \`status\` text not null default 'NOT_AUTHORIZED', \`access_token_envelope\` text null, \`refresh_token_envelope\` text null, \`id_token_envelope\` text null, \`token_type\` text null, \`token_expires_at\` datetime null, \`refresh_token_expires_at\` datetime null, \`granted_scopes\` json not null, \`obtained_at\` datetime null, \`last_authorized_at\` datetime null, \`authorized_by\` text null, \`authorized_by_user_id\` text null, \`last_refreshed_at\` datetime null, \`status_reason\` text null, \`version\` integer not null default 0, \`lease_owner\` text null, \`lease_expires_at\` datetime null, \`next_refresh_at\` datetime null, \`refresh_failures\` integer not null default 0, \`next_retry_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`authorizations_connection_id_unique\` on \`authorizations\` (\`connection_id\`);`);
    this.addSql(`create index \`authorizations_workspace_id_index\` on \`authorizations\` (\`workspace_id\`);`);
    this.addSql(`create index \`authorizations_next_refresh_at_index\` on \`authorizations\` (\`next_refresh_at\`);`);

    this.addSql(
      `create table \`connections\` (\`id\` text not null, \`workspace_id\` text not null, \`code\` text not null, \`name\` text not null, \`base_url\` text null, \`authentication_type\` text not null, \`issuer\` text null, \`authorization_endpoint\` text null, \`token_endpoint\` text null, \`revocation_endpoint\` text null, \`client_id\` text null, \`client_secret_envelope\` text null, \`scopes\` json null, \`token_endpoint_auth_method\` text null, \`extra_authorization_params\` json null, \`template_id\` text null, \`iss_parameter_supported\` integer null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`));`,
    );
    this.addSql(`create index \`connections_workspace_id_created_at_index\` on \`connections\` (\`workspace_id\`, \`created_at\`);`);
    this.addSql(`create unique index \`connections_workspace_id_code_unique\` on \`connections\` (\`workspace_id\`, \`code\`);`);

    this.addSql(
      `create table \`pending_flows\` (\`state_hash\` text not null, \`workspace_id\` text not null, \`connection_id\` text not null, \`code_verifier_envelope\` text not null, \`nonce\` text null, \`redirect_uri\` text not null, \`initiated_by\` text null, \`created_at\` datetime not null, \`expires_at\` datetime not null, primary key (\`state_hash\`));`,
    );
    this.addSql(`create index \`pending_flows_connection_id_index\` on \`pending_flows\` (\`connection_id\`);`);
    this.addSql(`create index \`pending_flows_expires_at_index\` on \`pending_flows\` (\`expires_at\`);`);

    this.addSql(
      `create table \`sessions\` (\`id\` text not null, \`token_hash\` text not null, \`user_id\` text not null, \`created_at\` datetime not null, \`last_seen_at\` datetime not null, \`expires_at\` datetime not null, \`ip\` text null, \`user_agent\` text null, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`sessions_token_hash_unique\` on \`sessions\` (\`token_hash\`);`);
    this.addSql(`create index \`sessions_expires_at_index\` on \`sessions\` (\`expires_at\`);`);
    this.addSql(`create index \`sessions_user_id_index\` on \`sessions\` (\`user_id\`);`);

    this.addSql(
      `create table \`users\` (\`id\` text not null, \`email\` text not null, \`display_name\` text not null, \`role\` text not null, \`password_hash\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`users_email_unique\` on \`users\` (\`email\`);`);

    this.addSql(
      `create table \`workspaces\` (\`id\` text not null, \`slug\` text not null, \`company\` text not null, \`environment\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`workspaces_slug_unique\` on \`workspaces\` (\`slug\`);`);
  }
}
