import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/**
 * The client address of a raw request, as Fastify's `request.ip` computes it under the same `trustProxy`
 * setting (so a limit keyed on it counts the same client whether Fastify or the capture fast path answers):
 * the socket's peer without trust; with trust, the furthest address of X-Forwarded-For that is still
 * vouched for by trusted proxies. A hop count alone trusts nothing (it cannot vouch for the peer).
 */
export function clientAddressOf(trustProxy: boolean | number | string): (req: IncomingMessage) => string {
  if (trustProxy === false || trustProxy === 0 || trustProxy === '') {
    return (req) => req.socket.remoteAddress ?? '';
  }
  const trusted: (address: string, hop: number) => boolean =
    trustProxy === true
      ? () => true
      : typeof trustProxy === 'number'
        ? () => false
        : proxyAddr.compile(trustProxy.split(',').map((v) => v.trim()));
  return (req) => {
    const all = proxyAddr.all(req, trusted);
    return all[all.length - 1] ?? '';
  };
}
