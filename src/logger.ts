/**
 * Structured logs (pino) with personal data and secrets redacted: requester contact details,
 * statements, tokens, passwords and cookies never reach a log line, whatever a caller passes.
 */
import pino from 'pino';
import type { Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-status-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.statusToken',
  '*.email',
  '*.name',
  '*.phone',
  '*.postalAddress',
  '*.goodFaithStatement',
  '*.statement',
  '*.submitter',
  '*.signature',
  'req.query.token',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Query strings can carry status tokens: request logs keep the path only.
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({
          id: req.id,
          method: req.method,
          path: String(req.url ?? '').split('?')[0],
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}
