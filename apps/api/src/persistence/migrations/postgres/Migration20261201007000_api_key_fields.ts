/** API keys: a visible prefix, an optional expiry, names unique per workspace (postgres). */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201007000_api_key_fields extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "api_keys" add column "prefix" varchar(16) null;`);
    this.addSql(`alter table "api_keys" add column "expires_at" timestamptz null;`);
    // Existing duplicate names in one workspace get their id appended, so the unique index holds.
    this.addSql(
      `update "api_keys" set "name" = substr("name", 1, 160) || ' (' || "id" || ')' where exists (select 1 from "api_keys" "older" where "older"."workspace_id" = "api_keys"."workspace_id" and "older"."name" = "api_keys"."name" and "older"."id" < "api_keys"."id");`,
    );
    this.addSql(`alter table "api_keys" add constraint "api_keys_workspace_id_name_unique" unique ("workspace_id", "name");`);
  }
}
