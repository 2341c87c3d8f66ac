import { describe, expect, it } from 'vitest';
import { administrationEventTypes } from './administration-events';

describe("the Activity page's event types", () => {
  it("are the API key and user administration events, never a connection's", () => {
    expect(administrationEventTypes('API_KEYS')).toEqual(['API_KEY_CREATED', 'API_KEY_DELETED']);
    expect(administrationEventTypes('USERS')).toEqual([
      'USER_CREATED',
      'USER_UPDATED',
      'USER_DISABLED',
      'USER_ENABLED',
      'USER_PASSWORD_RESET',
    ]);
    expect(administrationEventTypes('ALL')).toEqual([...administrationEventTypes('API_KEYS'), ...administrationEventTypes('USERS')]);
  });
});
