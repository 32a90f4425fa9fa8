/**
 * Links in emails and the first-run setup link are built on REDRESS_PUBLIC_URL. Unset, it
 * defaults to the listening address, which is right on loopback and useless otherwise
 * (`http://0.0.0.0:8080/...` reaches nobody), so `serve` says so at start.
 */
import type { Config } from '../config.ts';

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i;

export function publicUrlWarning(config: Pick<Config, 'host' | 'publicUrlSet' | 'publicUrl'>): string | null {
  if (config.publicUrlSet || LOOPBACK.test(config.host)) return null;
  return (
    `REDRESS_PUBLIC_URL is not set and the service listens on ${config.host}: links in emails and ` +
    `the setup link would point to ${config.publicUrl}, which people cannot open. Set ` +
    `REDRESS_PUBLIC_URL to the address people use (https://removals.example.org).`
  );
}
