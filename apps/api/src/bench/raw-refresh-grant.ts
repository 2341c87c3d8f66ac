/**
 * The baseline both refresher benches measure against: one refresh grant POSTed with undici's
 * `request`, nothing else (no engine, no database). Resolves with the rotated refresh token.
 */
import { request, type Agent } from 'undici';

export async function rawRefreshGrant(url: string, agent: Agent, refreshToken: string): Promise<string> {
  const res = await request(url, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'bench' }).toString(),
  });
  const body = (await res.body.json()) as { refresh_token?: string };
  if (res.statusCode !== 200 || !body.refresh_token) throw new Error(`raw refresh answered ${res.statusCode}`);
  return body.refresh_token;
}
