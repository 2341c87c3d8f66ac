/** Endpoint paths of the test IdP (set explicitly so the middlewares can match them). */
export const ROUTES = {
  authorization: '/auth',
  token: '/token',
  revocation: '/token/revocation',
  introspection: '/token/introspection',
  userinfo: '/me',
  jwks: '/jwks',
  end_session: '/session/end',
} as const;

/** Prefix of the login/consent interaction pages. */
export const INTERACTION_PREFIX = '/interaction/';
