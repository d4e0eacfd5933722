const MAX_RELAY_STATE = 1024;

/**
 * RelayState comes back from the browser, so it is only ever a local path: anything that could
 * leave this origin (`//host`, `/\host`, a scheme) is dropped rather than followed.
 *
 * @example
 * safeRelayState('/reports?week=3'); // '/reports?week=3'
 * safeRelayState('//evil.example'); // null
 */
export function safeRelayState(value: string | null | undefined): string | null {
  if (!value || value.length > MAX_RELAY_STATE) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
  return value;
}

/**
 * The Location to send the browser to after sign-in, or null to use the start page.
 *
 * The RelayState is resolved against `baseUrl` and must stay on its origin; the answer is the
 * URL's own serialization of path, query and fragment, which is ASCII (non-ASCII characters
 * are percent-encoded), because Node refuses a header with characters outside Latin-1.
 * A path the URL parser normalizes into `//host` (`/..//host`) is refused, since a Location
 * starting with `//` names another host.
 *
 * @example
 * relayRedirectTarget('/café', 'https://sp.example'); // '/caf%C3%A9'
 * relayRedirectTarget('/..//evil.example', 'https://sp.example'); // null
 */
export function relayRedirectTarget(value: string | null | undefined, baseUrl: string): string | null {
  const local = safeRelayState(value);
  if (local === null) return null;
  let base: URL;
  let target: URL;
  try {
    base = new URL(baseUrl);
    target = new URL(local, base);
  } catch {
    return null;
  }
  if (target.origin !== base.origin || target.pathname.startsWith('//')) return null;
  return `${target.pathname}${target.search}${target.hash}`;
}
