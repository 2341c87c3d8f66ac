/** Failed sign-in counters shared by every instance (postgres). */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261128000002_login_failures extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "login_failures" ("bucket" varchar(64) not null, "failures" int not null, "window_started_at" timestamptz not null, "expires_at" timestamptz not null, constraint "login_failures_pkey" primary key ("bucket"));`,
    );
    this.addSql(`create index "login_failures_expires_at_index" on "login_failures" ("expires_at");`);
  }
}
