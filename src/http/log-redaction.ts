/** Paths whose last segment is a signed token: an email's click link and its open pixel. */
const SIGNED_PATH = /^\/t\/[co]\/[^?#]+/;
/** Query parameters that carry a secret: the first admin's setup code, identity and other tokens. */
const SECRET_PARAMS = new Set(['code', 'token', '_tdm']);

/**
 * A request URL as it may be logged: signed email tokens and secret query parameters replaced. A click
 * link's token is a credential of sorts (following it hands out a fresh identity token for the contact), so
 * whoever reads the logs must not be able to replay it.
 */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const redactedPath = SIGNED_PATH.test(path) ? path.replace(SIGNED_PATH, (m) => `${m.slice(0, 5)}[redacted]`) : path;
  if (query === -1) return redactedPath;
  const params = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return SECRET_PARAMS.has(name) ? `${name}=[redacted]` : pair;
    });
  return `${redactedPath}?${params.join('&')}`;
}
