/** The provider template's parameter values of a connection (sqlite). */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261201000200_template_parameters extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`connections\` add column \`template_parameters\` json null;`);
  }
}
