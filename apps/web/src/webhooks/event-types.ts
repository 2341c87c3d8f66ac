import { webhookEventLabels as schemaLabels, webhookEventTypes as schemaTypes } from '@grantkeeper/schema';
import type { WebhookDeliveryState, WebhookEventType } from '../gql/graphql';

/** Labels and the list come from @grantkeeper/schema (shared with the history page and the API). */
export const webhookEventLabels: Readonly<Record<WebhookEventType, string>> = schemaLabels;
export const webhookEventTypes: readonly WebhookEventType[] = schemaTypes;

/** "Every event" for an empty list, else the labels. */
export function describeEvents(events: readonly WebhookEventType[]): string {
  return events.length === 0 ? 'Every event' : events.map((type) => webhookEventLabels[type]).join(', ');
}

export const deliverySeverity: Record<WebhookDeliveryState, 'info' | 'success' | 'danger'> = {
  PENDING: 'info',
  SUCCEEDED: 'success',
  FAILED: 'danger',
};
