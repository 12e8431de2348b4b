import { domainToUnicode } from 'node:url';
import { z } from 'zod';

/**
 * The websites marketing tracks: the domains whose pages run Tandem's tracking script. A clicked email link
 * hands its identity token (`_tdm`) only to a page on one of them (or on Tandem's own host, where hosted
 * forms live): any other site would receive a token that names one of your contacts, and could keep it.
 */

/** How many site domains a workspace may list. */
export const MAX_SITE_DOMAINS = 50;

/** A DNS name: labels of letters, digits and hyphens (IDNs as punycode), at most 253 characters. */
const HOSTNAME_RE =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * A domain as people paste it ("Example.com", "https://www.example.com/pricing", "*.example.com",
 * "فروشگاه.ir") as the host name browsers use (lower case, punycode), or null when it names no host.
 * A leading "*." is dropped: a domain always covers its subdomains.
 */
export function normalizeSiteDomain(input: string): string | null {
  let text = input.trim();
  if (text.startsWith('*.')) text = text.slice(2);
  if (text === '' || /\s/.test(text)) return null;
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (hasScheme && !/^https?:\/\//i.test(text)) return null;
  let host: string;
  try {
    const url = new URL(hasScheme ? text : `http://${text}`);
    if (url.username || url.password) return null;
    host = url.hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, '');
  if (host.startsWith('[') || !HOSTNAME_RE.test(host)) return null;
  // A site, not a top-level domain: "com" or "ir" would cover every site under it. (Suffixes such as co.uk
  // are not known here.) A number the URL parser read as an IPv4 address ("4" as 0.0.0.4) is not a site.
  if (!host.includes('.')) return host === 'localhost' ? host : null;
  if (/^[\d.]+$/.test(host) && !text.includes(host)) return null;
  return host;
}

/** A stored domain as people write it: an IDN in its own script ("فروشگاه.ir"), others unchanged. */
export function readableDomain(domain: string): string {
  return domainToUnicode(domain) || domain;
}

/** The list as saved: each domain normalised, blank entries refused, repeats kept once, in the given order. */
export const siteDomainsSchema = z
  .array(z.string().max(300))
  .max(MAX_SITE_DOMAINS, `At most ${MAX_SITE_DOMAINS} domains.`)
  .transform((list, ctx) => {
    const domains: string[] = [];
    list.forEach((entry, index) => {
      const domain = normalizeSiteDomain(entry);
      if (domain === null) {
        ctx.addIssue({ code: 'custom', path: [index], message: 'Not a domain such as example.com.' });
      } else if (!domains.includes(domain)) {
        domains.push(domain);
      }
    });
    return domains;
  });

/** True when `host` is `domain` or one of its subdomains. */
function withinDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * Whether a clicked link's destination may receive the contact's identity token: a page on a listed site
 * (or a subdomain of one), or on Tandem's own host (its origin given, where hosted forms live). Ports do
 * not matter: a site is its host name.
 */
export function mayCarryIdentity(destination: string, siteDomains: readonly string[], ownOrigin: string): boolean {
  const host = hostOf(destination);
  if (host === null) return false;
  return host === hostOf(ownOrigin) || siteDomains.some((domain) => withinDomain(host, domain));
}

/** The host name a URL opens, without the trailing dot of a fully qualified name ("example.com." is example.com). */
function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/\.$/, '');
  } catch {
    return null;
  }
}
