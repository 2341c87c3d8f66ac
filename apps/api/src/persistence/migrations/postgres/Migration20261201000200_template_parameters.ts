/** The provider template's parameter values of a connection (postgres). */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201000200_template_parameters extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "connections" add column "template_parameters" jsonb null;`);
  }
}
