import { ConfigurationError, ProviderError } from '@grantkeeper/oauth-core';
import { describe, expect, it } from 'vitest';
import { refreshFailureMessage } from './refresh-failure-message.js';

describe('refreshFailureMessage', () => {
  it('sends to Start Authorization only when the refresh token was rejected', () => {
    const rejected = new ProviderError('REAUTHORIZATION_REQUIRED', 'invalid_grant: token revoked.', { status: 400 });
    expect(refreshFailureMessage(rejected)).toContain('Use Start Authorization');
  });

  it('calls a 503 temporary, with its status, and does not send to Start Authorization', () => {
    const unavailable = new ProviderError('PROVIDER_UNAVAILABLE', 'The token endpoint is unavailable.', { status: 503, transient: true });
    const message = refreshFailureMessage(unavailable);
    expect(message).toContain('HTTP 503');
    expect(message).toContain('temporary');
    expect(message).not.toContain('Start Authorization');
  });

  it('points at the settings for other failures', () => {
    const message = refreshFailureMessage(new ConfigurationError('INVALID_CONFIGURATION', 'Bad endpoint.'));
    expect(message).toContain('settings');
    expect(message).not.toContain('Start Authorization');
  });
});
