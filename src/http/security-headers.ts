/**
 * Helmet's options for this service. The Content-Security-Policy keeps helmet's defaults except
 * `upgrade-insecure-requests`, which is sent only when the public URL is https: on a plain-HTTP
 * install reached by a LAN address, that directive made the browser fetch the stylesheet, the
 * script and even the form's post over https, which has no listener, so every page broke.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';

export function helmetOptions(publicUrl: string): FastifyHelmetOptions {
  const https = new URL(publicUrl).protocol === 'https:';
  return {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: { upgradeInsecureRequests: https ? [] : null },
    },
  };
}
