/** The session cookie's name and how to read it from a raw `Cookie` header (HTTP or WebSocket upgrade). */
export const SESSION_COOKIE = 'gk_session';

/** The `gk_session` value from a raw Cookie header, if present. */
export function readSessionCookie(cookieHeader: string | null | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}
