/**
 * Client credentials tokens (sqlite): the token of each OAUTH2_CLIENT_CREDENTIALS connection,
 * encrypted and shared by every instance, with its compare-and-swap version and fetch lease.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201400000_client_credentials_tokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`client_credentials_tokens\` (\`id\` text not null, \`workspace_id\` text not null, \`connection_id\` text not null, \`access_token_envelope\` text null, \`token_type\` text null, \`token_expires_at\` datetime null, \`granted_scopes\` json not null, \`obtained_at\` datetime null, \`settings_at\` datetime null, \`version\` integer not null default 0, \`lease_owner\` text null, \`lease_expires_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`));`,
    );
    this.addSql(
      `create unique index \`client_credentials_tokens_connection_id_unique\` on \`client_credentials_tokens\` (\`connection_id\`);`,
    );
  }
}
