/**
 * The words of every email Redress sends. Requester emails give the case number and a status
 * link and never name the uploader; staff emails name the case and the stage but carry no
 * personal data, because mail servers and inboxes are outside our encryption.
 */
import { MISSING_TEXT } from '../domain/elements.ts';
import type { MissingCode } from '../domain/elements.ts';

export interface Rendered {
  subject: string;
  text: string;
}

const footer = "\n\nThis message was sent by the platform's removal-request service (Redress).";

export function receiptEmail(
  caseNumber: string,
  receivedAt: string,
  deadlineAt: string,
  statusUrl: string | null,
): Rendered {
  return {
    subject: `We received your removal request ${caseNumber}`,
    text:
      `Your request ${caseNumber} was received at ${receivedAt} (UTC).\n` +
      `Under the TAKE IT DOWN Act, a valid request is acted on within 48 hours, by ${deadlineAt} (UTC).\n` +
      (statusUrl ? `\nFollow your request here (keep this link private):\n${statusUrl}\n` : '') +
      footer,
  };
}

export function missingInfoEmail(
  caseNumber: string,
  missing: MissingCode[],
  statusUrl: string | null,
): Rendered {
  return {
    subject: `Your removal request ${caseNumber} needs more information`,
    text:
      `To act on request ${caseNumber} we still need:\n` +
      missing.map((m) => `- ${MISSING_TEXT[m]}`).join('\n') +
      '\n\nYour request keeps its original receipt time.' +
      (statusUrl ? `\nAdd the missing information here:\n${statusUrl}\n` : '') +
      footer,
  };
}

export function decisionEmail(
  caseNumber: string,
  status: string,
  reasonCode: string | null,
  itemsDown: number,
  itemCount: number,
): Rendered {
  const outcome =
    status === 'removed' || status === 'partially_removed'
      ? `${itemsDown} of ${itemCount} item(s) were taken down.`
      : status === 'rejected'
        ? `We did not remove the content (reason: ${reasonCode ?? 'unspecified'}). You may appeal within six months.`
        : `The request is now: ${status.replace('_', ' ')}.`;
  return {
    subject: `Decision on your removal request ${caseNumber}`,
    text: `Request ${caseNumber}: ${outcome}${footer}`,
  };
}

export function staffEscalationEmail(
  caseNumber: string,
  stage: string,
  deadlineAt: string,
  url: string,
): Rendered {
  const urgent = stage === 'overdue' ? 'OVERDUE' : stage === 'alarm' ? 'ALARM' : 'Escalation';
  return {
    subject: `[Redress] ${urgent}: ${caseNumber} missed the ${stage} stage`,
    text: `Request ${caseNumber} reached the ${stage} stage without its milestone.\nDeadline: ${deadlineAt} (UTC).\n${url}`,
  };
}

export function ncmecEmail(caseNumber: string, url: string): Rendered {
  return {
    subject: `[Redress] NCMEC report required: ${caseNumber}`,
    text:
      `Request ${caseNumber} involves a minor. File a CyberTipline report (18 U.S.C. 2258A) and keep ` +
      `the evidence preserved for one year; do not delete it.\n${url}`,
  };
}
