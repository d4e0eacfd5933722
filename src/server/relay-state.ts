const MAX_RELAY_STATE = 1024;

/**
 * RelayState comes back from the browser, so it is only ever a local path: anything that could
 * leave this origin (`//host`, `/\host`, a scheme) is dropped rather than followed.
 */
export function safeRelayState(value: string | null | undefined): string | null {
  if (!value || value.length > MAX_RELAY_STATE) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
  return value;
}
