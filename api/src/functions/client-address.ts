// Who is calling, for per-client limits on anonymous routes (see clientAddressOf).
import type { HttpRequest } from '@azure/functions';

/**
 * The caller's address, as the first trusted proxy saw it. Each proxy appends the address of the peer
 * that connected to it to X-Forwarded-For, so with `trustedHops` proxies in front of the api the
 * entry `trustedHops` places from the right is the caller as the outermost one saw it, and everything
 * before it is whatever the caller chose to send. In Azure there are two: the Static Web Apps edge
 * (the caller's address) and the Function App's front end (the Static Web App's address; App Service
 * also sets `client-ip` to it, so that header cannot tell callers apart). The Function App only
 * accepts the Static Web App's calls (linked backend), so nobody can skip a hop. Locally the gateway
 * plays both hops. Ports are dropped (Azure appends them). Too few entries: the call skipped the
 * proxies (a direct call to the host locally), so it shares the one `unknown` bucket.
 */
export function clientAddressOf(request: Pick<HttpRequest, 'headers'>, trustedHops: number): string {
  const entries =
    request.headers
      .get('x-forwarded-for')
      ?.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean) ?? [];
  const raw = entries.length >= trustedHops ? entries[entries.length - trustedHops] : undefined;
  return raw ? withoutPort(raw).slice(0, 64).toLowerCase() : 'unknown';
}

/** `203.0.113.7:52144` → `203.0.113.7`, `[2001:db8::1]:443` → `2001:db8::1`; bare IPv6 is kept whole. */
function withoutPort(address: string): string {
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  if (ipv4WithPort?.[1]) return ipv4WithPort[1];
  const bracketedIpv6 = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(address);
  if (bracketedIpv6?.[1]) return bracketedIpv6[1];
  return address;
}
