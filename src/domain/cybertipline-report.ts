/**
 * The CyberTipline report for a case involving a minor (TIDA-A4; 18 U.S.C. 2258A): the facts of
 * the case turned into NCMEC's reporting document (`<report>`, see scripts/sim/cybertipline.ts for
 * where its shape comes from). Redress never holds the media, so no file is uploaded: the report
 * says where the platform keeps each item (its URL and id) and the hashes Redress has, and that the
 * platform preserves it. The requester's identity is not part of the report: NCMEC hears from the
 * operator, who can be contacted for the rest.
 */
import { el } from './xml.ts';
import type { XmlElement } from './xml.ts';

/** The incident types the schema enumerates; a case reaching this path is the first. */
export const INCIDENT_TYPES = [
  'Child Pornography (possession, manufacture, and distribution)',
  'Child Sex Trafficking',
  'Child Sex Tourism',
  'Child Sexual Molestation',
  'Misleading Domain Name',
  'Misleading Words or Digital Images on the Internet',
  'Online Enticement of Children for Sexual Acts',
  'Unsolicited Obscene Material Sent to a Child',
] as const;

export interface ReportedItem {
  url: string | null;
  platformItemId: string | null;
  sha256: string | null;
  pdq: string | null;
  /** The uploader's id on the platform, when the platform registered the item with it. */
  uploaderId: string | null;
}

export interface CyberTiplineFacts {
  caseNumber: string;
  /** When the platform's operator learned of it: the request's receipt. */
  receivedAt: string;
  preserveUntil: string;
  items: readonly ReportedItem[];
  reporter: { email: string; firstName?: string; lastName?: string };
  platformName: string;
}

function itemLine(item: ReportedItem, index: number): string {
  const parts = [
    `item ${index + 1}`,
    item.platformItemId ? `platform id ${item.platformItemId}` : undefined,
    item.url ? `url ${item.url}` : undefined,
    item.sha256 ? `sha256 ${item.sha256}` : undefined,
    item.pdq ? `pdq ${item.pdq}` : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}

export function buildCyberTiplineReport(facts: CyberTiplineFacts): XmlElement {
  const urls = facts.items.flatMap((i) => (i.url ? [i.url] : []));
  const uploaders = [...new Set(facts.items.flatMap((i) => (i.uploaderId ? [i.uploaderId] : [])))];
  const person = (p: CyberTiplineFacts['reporter']) => [
    p.firstName ? el('firstName', p.firstName) : undefined,
    p.lastName ? el('lastName', p.lastName) : undefined,
    el('email', p.email),
  ];
  const additionalInfo = [
    `${facts.platformName} case ${facts.caseNumber}: a removal request stating that the person depicted is or was a minor.`,
    'No files are attached: the platform holds the material and preserves it until ' +
      `${facts.preserveUntil} (18 U.S.C. 2258A(h)).`,
    ...facts.items.map(itemLine),
  ].join('\n');
  return {
    name: 'report',
    attributes: {
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:noNamespaceSchemaLocation': 'https://report.cybertip.org/ispws/xsd',
    },
    content: [
      el('incidentSummary', [
        el('incidentType', INCIDENT_TYPES[0]),
        el('incidentDateTime', facts.receivedAt),
      ]),
      urls.length > 0
        ? el('internetDetails', [
            el(
              'webPageIncident',
              urls.map((u) => el('url', u)),
            ),
          ])
        : undefined,
      el('reporter', [el('reportingPerson', person(facts.reporter))]),
      uploaders.length > 0
        ? el('personOrUserReported', [
            el('espIdentifier', uploaders[0]!),
            el('espService', facts.platformName),
          ])
        : undefined,
      el('additionalInfo', additionalInfo),
    ],
  };
}
