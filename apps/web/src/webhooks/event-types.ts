import type { WebhookDeliveryState, WebhookEventType } from '../gql/graphql';

export const webhookEventLabels: Record<WebhookEventType, string> = {
  CONNECTION_CREATED: 'Connection created',
  CONNECTION_UPDATED: 'Connection updated',
  CONNECTION_DELETED: 'Connection deleted',
  AUTHORIZATION_STARTED: 'Authorization started',
  AUTHORIZED: 'Authorized',
  AUTHORIZATION_FAILED: 'Authorization failed',
  TOKEN_TESTED: 'Token tested',
  TOKEN_REFRESHED: 'Token refreshed',
  TOKEN_REFRESH_FAILED: 'Token refresh failed',
  AUTHORIZATION_REVOKED: 'Authorization revoked',
  TOKEN_ISSUED: 'Token issued to an API key',
  REAUTHORIZATION_REQUIRED: 'Re-authorization required',
};

export const webhookEventTypes = Object.keys(webhookEventLabels) as WebhookEventType[];

/** "Every event" for an empty list, else the labels. */
export function describeEvents(events: readonly WebhookEventType[]): string {
  return events.length === 0 ? 'Every event' : events.map((type) => webhookEventLabels[type]).join(', ');
}

export const deliverySeverity: Record<WebhookDeliveryState, 'info' | 'success' | 'danger'> = {
  PENDING: 'info',
  SUCCEEDED: 'success',
  FAILED: 'danger',
};
