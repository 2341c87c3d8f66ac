import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { hasRole } from '../../auth/index.js';
import type { AuditEventView } from '../../services/index.js';
import { isInstanceAdmin } from '../auth-checker.js';
import { scopeOf, type Context } from '../context.js';
import { AuditEvent, AuditEventFilter, AuditEventPage, type AuditOutcome } from '../types/audit-event.js';
import type { AuditEventType } from '../types/enums.js';

const toAuditEvent = (view: AuditEventView): AuditEvent => ({
  ...view,
  type: view.type as AuditEventType,
  outcome: view.outcome as AuditOutcome,
});

/** Who may read the administration events: those who may see the users, the workspace's API keys. */
const readerOf = (ctx: Context) => ({
  userEvents: isInstanceAdmin(ctx.principal),
  apiKeyEvents: ctx.principal !== null && hasRole(ctx.principal, 'ADMIN'),
});

/** The audit log (a connection's history): a short list, or pages with filters. */
@Resolver()
export class AuditResolver {
  @Authorized('VIEWER')
  @Query(() => [AuditEvent])
  async auditEvents(
    @Arg('connectionCode', () => String, { nullable: true }) connectionCode: string | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<AuditEvent[]> {
    return (await ctx.services.audit.list(scopeOf(ctx), connectionCode, first, readerOf(ctx))).map(toAuditEvent);
  }

  @Authorized('VIEWER')
  @Query(() => AuditEventPage, { description: 'One page of the audit log, newest first; `first` 1 to 500.' })
  async auditEventPage(
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null | undefined,
    @Arg('after', () => String, { nullable: true, description: "The previous page's endCursor." }) after: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<AuditEventPage> {
    const page = await ctx.services.audit.page(scopeOf(ctx), filter ?? {}, first, after, readerOf(ctx));
    return { ...page, events: page.events.map(toAuditEvent) };
  }
}
