import type { ProviderTemplate } from '../types.js';

/**
 * Spotify (Web API, authorization code flow).
 *
 * Verified (educative.io Spotify API course, Sptfy docs, spotify-sdk docs): authorize
 * `https://accounts.spotify.com/authorize`, token `https://accounts.spotify.com/api/token` with
 * HTTP Basic client authentication; refresh tokens for the authorization code flow.
 * Not found: whether refresh responses return a new refresh token (from general knowledge:
 * sometimes; the engine keeps the old one when none comes back). No revocation endpoint.
 */
export const spotify: ProviderTemplate = {
  id: 'spotify',
  name: 'Spotify',
  authorizationEndpoint: 'https://accounts.spotify.com/authorize',
  tokenEndpoint: 'https://accounts.spotify.com/api/token',
  scopes: ['user-read-private'],
  tokenEndpointAuthMethod: 'client_secret_basic',
  parameters: [],
  quirks: {
    notes: ['A refresh response may or may not include a new refresh token; the newest is stored.'],
  },
  documentationUrl: 'https://developer.spotify.com/documentation/web-api/tutorials/code-flow',
};
