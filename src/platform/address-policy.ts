/**
 * Which network addresses Redress may connect to when it fetches a URL it was given (platform
 * content, removal verification). Anything that is not a public unicast address is refused:
 * loopback, private ranges, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
 * multicast, documentation ranges, and IPv6 equivalents, including IPv4-mapped forms. An
 * operator whose media (or webhook receiver) lives on an internal network lists those subnets
 * explicitly; link-local addresses and the cloud metadata services stay refused even then.
 */
import { BlockList, isIP } from 'node:net';

const NON_PUBLIC_V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const;

const NON_PUBLIC_V6 = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const;

/** Refused even when listed: link-local, and where clouds answer with instance credentials. */
const NEVER_V4 = [
  ['169.254.0.0', 16],
  ['100.100.100.200', 32], // Alibaba Cloud metadata
  ['168.63.129.16', 32], // Azure wire server
] as const;
const NEVER_V6 = [
  ['fe80::', 10],
  ['fd00:ec2::254', 128], // AWS metadata over IPv6
] as const;

const never = new BlockList();
for (const [net, prefix] of NEVER_V4) never.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of NEVER_V6) never.addSubnet(net, prefix, 'ipv6');

const nonPublic = new BlockList();
for (const [net, prefix] of NON_PUBLIC_V4) nonPublic.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of NON_PUBLIC_V6) nonPublic.addSubnet(net, prefix, 'ipv6');

export interface AddressPolicy {
  /** True when a connection to this literal address is allowed. */
  allows(address: string): boolean;
}

/**
 * @param allowedSubnets CIDRs the operator trusts despite being non-public, e.g. `10.1.0.0/16`.
 * @example
 * addressPolicy([]).allows('169.254.169.254'); // false
 */
export function addressPolicy(allowedSubnets: readonly string[]): AddressPolicy {
  const allowed = new BlockList();
  for (const cidr of allowedSubnets) {
    const [net, prefix] = cidr.split('/');
    const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    allowed.addSubnet(net, Number(prefix ?? (family === 'ipv6' ? 128 : 32)), family);
  }
  return {
    allows(address) {
      const literal = unmapV4(address);
      const family = isIP(literal) === 6 ? 'ipv6' : isIP(literal) === 4 ? 'ipv4' : undefined;
      if (!family || never.check(literal, family)) return false;
      return allowed.check(literal, family) || !nonPublic.check(literal, family);
    },
  };
}

/** `::ffff:127.0.0.1` is 127.0.0.1: judge the IPv4 address it carries. */
function unmapV4(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1] : address;
}
