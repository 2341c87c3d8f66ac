import { describe, expect, it } from 'vitest';
import { describeEvents, webhookEventTypes } from './event-types';

describe('webhook event types', () => {
  it('lists every type of the contract, and says "Every event" for an empty filter', () => {
    expect(webhookEventTypes).toContain('REAUTHORIZATION_REQUIRED');
    expect(webhookEventTypes).toHaveLength(12);
    expect(describeEvents([])).toBe('Every event');
    expect(describeEvents(['TOKEN_REFRESHED', 'CONNECTION_DELETED'])).toBe('Token refreshed, Connection deleted');
  });
});
