import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

const proxyList = (value: string) => value.split(',').map((v) => v.trim());

/**
 * Why a TRUST_PROXY value cannot be used, or null. Only the proxies themselves can be trusted, by address:
 * `true` would believe X-Forwarded-For from anyone (a client writes the left-most entry itself, and would get a
 * fresh rate-limit budget with every request), and a hop count trusts nothing in Fastify (every client behind
 * the proxy would share one budget).
 */
export function trustedProxiesProblem(value: string): string | null {
  const v = value.trim();
  const instead = "give the proxies' addresses or CIDRs instead, e.g. 10.0.0.0/8, or loopback for one on this machine";
  if (v === 'true') return `true would believe X-Forwarded-For written by any client: ${instead}`;
  if (/^\d+$/.test(v)) return `a hop count cannot tell a proxy from a client: ${instead}`;
  try {
    proxyAddr.compile(proxyList(v));
    return null;
  } catch (err) {
    return `${(err as Error).message} (addresses, CIDRs, or loopback, linklocal, uniquelocal, comma-separated)`;
  }
}

/**
 * The client address of a raw request, as Fastify's `request.ip` computes it under the same `trustProxy`
 * setting (so a limit keyed on it counts the same client whether Fastify or the capture fast path answers):
 * the socket's peer without trust; with trusted proxies, the furthest address of X-Forwarded-For that is
 * still vouched for by them.
 */
export function clientAddressOf(trustProxy: false | string): (req: IncomingMessage) => string {
  if (trustProxy === false || trustProxy === '') {
    return (req) => req.socket.remoteAddress ?? '';
  }
  const trusted = proxyAddr.compile(proxyList(trustProxy));
  return (req) => {
    const all = proxyAddr.all(req, trusted);
    return all[all.length - 1] ?? '';
  };
}

/**
 * What a per-client limit counts an address as: an IPv4 address itself (also written IPv4-mapped, as
 * ::ffff:192.0.2.1); an IPv6 address by its /64 network, since one subscriber usually has a whole /64 and
 * could otherwise take a fresh address, and a fresh budget, for every request.
 */
export function rateLimitKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const bare = address.replace(/%.*$/, '').toLowerCase();
  const [head = '', tail] = bare.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return bare;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
