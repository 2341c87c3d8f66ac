import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { ServiceError } from '../../services/errors.js';
import type { WebhookDeliveryView, WebhookService, WebhookView } from '../../webhooks/index.js';
import { scopeOf, type Context } from '../context.js';
import {
  CreatedWebhook,
  CreateWebhookInput,
  UpdateWebhookInput,
  Webhook,
  WebhookDelivery,
  type WebhookDeliveryState,
} from '../types/webhook.js';

function webhooksOf(ctx: Context): WebhookService {
  if (!ctx.services.webhooks) throw new ServiceError('INTERNAL_SERVER_ERROR', 'Webhooks are not available.');
  return ctx.services.webhooks;
}

const toWebhook = (view: WebhookView): Webhook => ({ ...view, events: view.events });
const toDelivery = (view: WebhookDeliveryView): WebhookDelivery => ({
  ...view,
  state: view.state as WebhookDeliveryState,
});

/** The workspace's webhooks and their delivery log: ADMIN only. */
@Resolver()
export class WebhookResolver {
  @Authorized('ADMIN')
  @Query(() => [Webhook])
  async webhooks(@Ctx() ctx: Context): Promise<Webhook[]> {
    return (await webhooksOf(ctx).list(scopeOf(ctx))).map(toWebhook);
  }

  @Authorized('ADMIN')
  @Query(() => [WebhookDelivery], { description: 'Newest first.' })
  async webhookDeliveries(
    @Arg('webhookId', () => ID) webhookId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<WebhookDelivery[]> {
    return (await webhooksOf(ctx).deliveries(scopeOf(ctx), webhookId, first)).map(toDelivery);
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatedWebhook, { description: 'The secret is shown exactly once.' })
  async createWebhook(@Arg('input', () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() ctx: Context): Promise<CreatedWebhook> {
    const created = await webhooksOf(ctx).create(scopeOf(ctx), input);
    return { webhook: toWebhook(created.webhook), secret: created.secret };
  }

  @Authorized('ADMIN')
  @Mutation(() => Webhook)
  async updateWebhook(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateWebhookInput) input: UpdateWebhookInput,
    @Ctx() ctx: Context,
  ): Promise<Webhook> {
    return toWebhook(await webhooksOf(ctx).update(scopeOf(ctx), id, input));
  }

  @Authorized('ADMIN')
  @Mutation(() => Boolean)
  deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return webhooksOf(ctx).delete(scopeOf(ctx), id);
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookDelivery, { description: 'A new attempt now, with the same webhook-id.' })
  async redeliverWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<WebhookDelivery> {
    return toDelivery(await webhooksOf(ctx).redeliver(scopeOf(ctx), id));
  }
}
