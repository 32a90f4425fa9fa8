/**
 * The job types that send email. While no mail transport is configured (SMTP_URL unset) the
 * worker leaves them in the outbox instead of dropping them, and the admin page counts them;
 * once the service runs with a transport they go out, oldest first.
 */
export const MAIL_JOB_TYPES = [
  'email.requester',
  'email.staff',
  'ncmec.report',
  'email.staff_invite',
] as const;
