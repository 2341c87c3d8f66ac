/** Audit events: an outcome (SUCCESS/FAILURE) and folded repeats (count, last_at) (sqlite). */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201008000_audit_folding extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`audit_events\` add column \`outcome\` text not null default 'SUCCESS';`);
    this.addSql(`alter table \`audit_events\` add column \`count\` integer not null default 1;`);
    this.addSql(`alter table \`audit_events\` add column \`last_at\` datetime null;`);
    this.addSql(
      `update \`audit_events\` set \`outcome\` = 'FAILURE' where \`type\` in ('AUTHORIZATION_FAILED', 'TOKEN_REFRESH_FAILED') or (\`type\` = 'TOKEN_TESTED' and \`message\` like 'Token test: not valid%');`,
    );
  }
}
