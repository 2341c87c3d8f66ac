/** User administration (sqlite): disabled users, a forced password change, last sign-in, workspace limits. */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201004000_user_administration extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`users\` add column \`disabled\` integer not null default false;`);
    this.addSql(`alter table \`users\` add column \`must_change_password\` integer not null default false;`);
    this.addSql(`alter table \`users\` add column \`last_sign_in_at\` datetime null;`);
    this.addSql(`alter table \`users\` add column \`workspace_slugs\` json null;`);
  }
}
