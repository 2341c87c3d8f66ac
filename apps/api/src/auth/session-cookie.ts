/** The session cookie's name (set and read through @fastify/cookie). */
export const SESSION_COOKIE = 'gk_session';
