/**
 * The session cookie `gk_session`: HttpOnly, SameSite=Lax, Path=/, Secure when PUBLIC_URL is
 * https. Its value is the session token; the server stores only its hash.
 */
import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../auth/index.js';

export { SESSION_COOKIE };

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure });
}
