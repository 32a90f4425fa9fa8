/**
 * The emails to staff (English, like the console). They name the case and the stage but carry
 * no personal data, because mail servers and inboxes are outside our encryption. Requesters'
 * emails are in requester-emails.ts.
 */

export interface Rendered {
  subject: string;
  text: string;
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

export function staffInviteEmail(
  role: string,
  setupUrl: string,
  expiresAt: string,
  platform: string | null,
): Rendered {
  const where = platform
    ? `${platform}'s removal-request service (Redress)`
    : 'a Redress removal-request service';
  return {
    subject: `[Redress] Your ${role} account: choose a password`,
    text:
      `An administrator created a ${role} account for you on ${where}.\n\n` +
      `Choose your password with this one-time link before ${expiresAt.slice(0, 16).replace('T', ' ')} UTC:\n${setupUrl}\n\n` +
      'If you did not expect this, ignore this email; the link then expires unused.\n',
  };
}
