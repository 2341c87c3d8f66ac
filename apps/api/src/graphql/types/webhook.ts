import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { WebhookEventType } from './enums.js';

export enum WebhookDeliveryState {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

registerEnumType(WebhookDeliveryState, { name: 'WebhookDeliveryState' });

@ObjectType()
export class Webhook {
  @Field(() => ID) id!: string;
  @Field(() => String) url!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [WebhookEventType], { description: 'Empty = every event type.' }) events!: WebhookEventType[];
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType()
export class CreatedWebhook {
  @Field(() => Webhook) webhook!: Webhook;
  @Field(() => String, { description: '"whsec_" + base64 of 32 random bytes; shown exactly once.' }) secret!: string;
}

@ObjectType()
export class WebhookDelivery {
  @Field(() => ID, { description: 'Also the "webhook-id" header: stable across retries.' }) id!: string;
  @Field(() => ID) webhookId!: string;
  @Field(() => WebhookEventType) eventType!: WebhookEventType;
  @Field(() => WebhookDeliveryState) state!: WebhookDeliveryState;
  @Field(() => Int) attempts!: number;
  @Field(() => Int, { nullable: true }) lastStatusCode!: number | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => Date, { nullable: true }) nextAttemptAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
}

@InputType()
export class CreateWebhookInput {
  @Field(() => String) url!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [WebhookEventType], { defaultValue: [] }) events!: WebhookEventType[];
}

@InputType()
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [WebhookEventType], { nullable: true }) events?: WebhookEventType[] | null;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
}
