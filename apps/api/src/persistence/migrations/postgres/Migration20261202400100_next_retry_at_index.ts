/**
 * The next retry's index (postgres): partial, over the few rows backing off (next_retry_at set), so
 * the refresher's idle pass finds the earliest retry in the index instead of scanning the whole
 * authorizations table (about 10 ms of CPU at 100,000 rows, on SQLite on the event loop). The
 * refresh's own writes, which leave next_retry_at null, add no entry to it.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261202400100_next_retry_at_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "authorizations_next_retry_at_index" on "authorizations" ("next_retry_at") where "next_retry_at" is not null;`,
    );
  }
}
