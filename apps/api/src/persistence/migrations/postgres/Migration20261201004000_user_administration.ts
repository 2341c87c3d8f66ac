/** User administration (postgres): disabled users, a forced password change, last sign-in, workspace limits. */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201004000_user_administration extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "users" add column "disabled" boolean not null default false, add column "must_change_password" boolean not null default false, add column "last_sign_in_at" timestamptz null, add column "workspace_slugs" jsonb null;`,
    );
  }
}
