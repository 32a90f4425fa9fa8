/**
 * The emails a requester receives: the receipt, what is still missing, the decision, and a new
 * status link. Each is in the request's own language, names the law it was made under, gives
 * dates in words with their time zone, and turns every next step into a link to the status page
 * (where "#add-information" and "#appeal" are the forms). None names the uploader.
 */
import type { MissingCode } from '../domain/elements.ts';
import type { Language } from '../domain/language.ts';
import { APPEAL_WINDOW_DAYS } from '../domain/request.ts';
import type { LegalBasis } from '../domain/request.ts';
import { i18n } from '../web/i18n/index.ts';
import type { MessageKey } from '../web/i18n/index.ts';
import { compose, humanDate, link, list, p } from './compose.ts';
import type { Block, Rendered } from './compose.ts';
import { EMAIL_MESSAGES, lawKey } from './messages.ts';
import type { EmailKey } from './messages.ts';

export const STOPNCII_URL = 'https://stopncii.org/';
export const FTC_COMPLAINT_URL = 'https://reportfraud.ftc.gov/';

export interface RequesterFacts {
  language: Language;
  caseNumber: string;
  legalBasis: LegalBasis;
  status: string;
  receivedAt: string;
  deadlineAt: string;
  closedAt: string | null;
  reasonCode: string | null;
  missing: MissingCode[];
  itemsRemoved: number;
  itemCount: number;
  platformName: string | null;
  /** The private status page; null when no token is at hand (a receipt recovered after a crash). */
  statusUrl: string | null;
  /** Where a requester without a link asks for a new one. */
  lostLinkUrl: string;
}

function words(f: RequesterFacts) {
  const catalogue = EMAIL_MESSAGES[f.language];
  const page = i18n(f.language);
  const fill = (s: string, vars: Record<string, string | number>) =>
    s.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m));
  const vars = {
    case: f.caseNumber,
    law: catalogue[lawKey(f.legalBasis)],
    platform: f.platformName ?? catalogue.this_platform,
    received: humanDate(f.receivedAt, f.language),
    deadline: humanDate(f.deadlineAt, f.language),
  };
  return {
    t: (key: EmailKey, more: Record<string, string | number> = {}) =>
      fill(catalogue[key], { ...vars, ...more }),
    page: (key: MessageKey) => page.t(key),
    footer: fill(catalogue.footer, vars),
    date: (iso: string) => humanDate(iso, f.language),
  };
}

/** The status link, or how to get one. */
function statusLink(f: RequesterFacts, label: EmailKey, anchor = ''): Block[] {
  const w = words(f);
  if (f.statusUrl) return [link(w.t(label), `${f.statusUrl}${anchor}`)];
  return [p(w.t('receipt_no_link')), link(w.t('lost_link_label'), f.lostLinkUrl)];
}

const mail = (f: RequesterFacts, subject: EmailKey, blocks: Block[]): Rendered => {
  const w = words(f);
  return compose(f.language, w.t(subject), blocks, w.footer);
};

export function receiptEmail(f: RequesterFacts): Rendered {
  const w = words(f);
  return mail(f, 'receipt_subject', [
    p(w.t('receipt_received')),
    p(w.t('receipt_law')),
    ...(f.missing.length > 0 ? [p(w.t('receipt_missing'))] : []),
    ...statusLink(f, 'receipt_link'),
  ]);
}

export function missingInfoEmail(f: RequesterFacts): Rendered {
  const w = words(f);
  return mail(f, 'missing_subject', [
    p(w.t('missing_intro')),
    list(f.missing.map((code) => w.page(`err_${code}` as MessageKey))),
    p(w.t('missing_keeps')),
    ...statusLink(f, 'missing_link', '#add-information'),
  ]);
}

function nextSteps(f: RequesterFacts): Block[] {
  const w = words(f);
  const steps = [p(w.t('other_platforms')), link('StopNCII.org', STOPNCII_URL)];
  if (f.legalBasis === 'take_it_down')
    steps.push(p(w.t('ftc')), link('ReportFraud.ftc.gov', FTC_COMPLAINT_URL));
  return steps;
}

export function decisionEmail(f: RequesterFacts): Rendered {
  const w = words(f);
  const closed = w.date(f.closedAt ?? f.receivedAt);
  if (f.status === 'removed' || f.status === 'partially_removed') {
    return mail(f, f.status === 'removed' ? 'removed_subject' : 'partial_subject', [
      p(w.t('removed_done', { closed, removed: f.itemsRemoved, total: f.itemCount })),
      p(w.t('removed_staydown')),
      ...statusLink(f, 'details_link'),
      ...nextSteps(f),
    ]);
  }
  if (f.status === 'rejected') {
    const until = new Date(Date.parse(f.closedAt ?? f.receivedAt) + APPEAL_WINDOW_DAYS * 86_400_000);
    const reason = f.reasonCode ? w.page(`reason_${f.reasonCode}` as MessageKey) : w.page('reason_other');
    return mail(f, 'rejected_subject', [
      p(w.t('rejected_done')),
      p(w.t('rejected_reason', { reason })),
      p(w.t('appeal_until', { until: w.date(until.toISOString()) })),
      ...statusLink(f, 'appeal_link', '#appeal'),
    ]);
  }
  return mail(f, 'update_subject', [
    p(w.t('update_status', { stage: w.page(`stage_${f.status}` as MessageKey) })),
    ...statusLink(f, 'status_link'),
  ]);
}

export function statusLinkEmail(f: RequesterFacts): Rendered {
  const w = words(f);
  return mail(f, 'new_link_subject', [
    p(w.t('new_link_intro')),
    ...statusLink(f, 'status_link'),
    p(w.t('new_link_ignore')),
  ]);
}
