export const SESSION_COOKIE = 'fd_session';

/**
 * The value of cookie `name` in a Cookie header, or null when it is absent or not valid
 * percent-encoding (a browser can be made to send any bytes; a bad cookie means "no session",
 * never an error page).
 *
 * @example
 * readCookie('a=1; fd_session=abc', SESSION_COOKIE); // 'abc'
 */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds?: number;
}

/** HttpOnly always; Secure when served over https; Lax so the IdP's cross-site POST cannot ride it. */
export function sessionCookie(value: string, options: CookieOptions): string {
  let cookie = `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax`;
  if (options.secure) cookie += '; Secure';
  if (options.maxAgeSeconds !== undefined)
    cookie += `; Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`;
  return cookie;
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}
