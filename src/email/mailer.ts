/**
 * Outgoing email through SMTP (nodemailer). Without SMTP_URL the worker keeps email jobs in the
 * outbox (see mail-jobs.ts) until the service runs with a transport; only a direct send (the
 * console's test email) reaches the unconfigured mailer, which logs it (recipients redacted).
 */
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface OutgoingMail {
  to: string | string[];
  subject: string;
  text: string;
  /** An HTML alternative of `text` (escaped when it was made). */
  html?: string;
}

export interface Mailer {
  /** False when SMTP_URL is unset: nothing leaves the machine, so nothing is recorded as sent. */
  readonly configured: boolean;
  send(mail: OutgoingMail): Promise<string | null>;
  close(): void;
}

export function createMailer(smtpUrl: string | undefined, from: string, log: Logger): Mailer {
  if (!smtpUrl) {
    return {
      configured: false,
      async send(mail) {
        log.warn({ subject: mail.subject }, 'SMTP_URL is not set; email not sent');
        return null;
      },
      close() {},
    };
  }
  // Pooled: escalation bursts reuse a few connections instead of one per message.
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  const transport = nodemailer.createTransport(url.toString());
  return {
    configured: true,
    async send(mail) {
      const info = await transport.sendMail({ from, ...mail });
      return info.messageId ?? null;
    },
    close: () => transport.close(),
  };
}
