/** Failed sign-in counters shared by every instance (sqlite). */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261128000002_login_failures extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`login_failures\` (\`bucket\` text not null, \`failures\` integer not null, \`window_started_at\` datetime not null, \`expires_at\` datetime not null, primary key (\`bucket\`));`,
    );
    this.addSql(`create index \`login_failures_expires_at_index\` on \`login_failures\` (\`expires_at\`);`);
  }
}
