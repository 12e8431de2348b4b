/** A Host header that names a host (name, IPv4 or bracketed IPv6) and maybe a port, and nothing else. */
const PLAIN_HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * The origin that links and snippets handed to users start with (a form's hosted page and embed script,
 * signed email links): `PUBLIC_URL` when it is set; otherwise the address the request came to, so a trial
 * reached on a LAN address hands out links that work there - unless its Host header is anything but a
 * host and port, in which case the configured default is used rather than echo it into HTML or links.
 */
export function linkOrigin(config: { publicUrl: string; publicUrlConfigured: boolean }) {
  // PUBLIC_URL as configured (a path such as https://example.com/crm kept), without a trailing slash.
  const fallback = config.publicUrl.replace(/\/+$/, '');
  return (req: { protocol: string; host: string }): string => {
    if (config.publicUrlConfigured) return fallback;
    return PLAIN_HOST.test(req.host) ? `${req.protocol}://${req.host}` : fallback;
  };
}
