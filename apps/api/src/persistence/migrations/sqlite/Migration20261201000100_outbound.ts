/** Outbound calls (sqlite): API keys' connection access, connections' credentials and token access. */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201000100_outbound extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`api_keys\` add column \`connection_access\` text not null default 'NONE';`);
    this.addSql(`alter table \`api_keys\` add column \`connection_codes\` json null;`);
    this.addSql(`alter table \`connections\` add column \`credentials_envelope\` text null;`);
    this.addSql(`alter table \`connections\` add column \`allow_token_access\` integer not null default false;`);
  }
}
