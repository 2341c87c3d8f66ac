import { Webhook as StandardWebhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, webhookSigningKey } from './signature.js';

describe('Standard Webhooks signature', () => {
  it('matches the published test vector', () => {
    const signature = signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    const key = webhookSigningKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(signWebhook(key, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(signature);
  });

  it('verifies with the standardwebhooks library, and fails for another body or secret', () => {
    const secret = newWebhookSecret();
    const id = 'delivery-1';
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'TOKEN_REFRESHED', data: { connectionCode: 'ERP' } });
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secret, id, timestamp, body),
    };
    expect(new StandardWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new StandardWebhook(secret).verify(body.replace('ERP', 'CRM'), headers)).toThrow();
    expect(() => new StandardWebhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('makes secrets of 32 random bytes behind "whsec_"', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
