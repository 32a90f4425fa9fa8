/**
 * The CyberTipline report rules the simulator enforces, written independently of Redress's own
 * builder so a test can check a report against them: a strict little XML parser (well-formed,
 * matching tags, only the five predefined entities and character references) and the schema's
 * element names, order, required elements and enumerations for the parts of `<report>` a
 * platform uses. Source of the shape: see the header of scripts/sim/cybertipline.ts.
 */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) {
    throw new Error('unescaped "<" or "&" in text');
  }
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_m, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : ENTITIES[e]!,
  );
}

/** Parses a document into elements (attributes are read past); throws on anything malformed. */
export function parseXml(xml: string): XmlNode {
  const body = xml.replace(/^\uFEFF?\s*<\?xml[^?]*\?>/, '');
  const token = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w:.-]+\s*=\s*"[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->/g;
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let last = 0;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    const between = body.slice(last, m.index);
    last = token.lastIndex;
    if (stack.length === 0 && between.trim()) throw new Error('text outside the root element');
    if (stack.length > 0) stack[stack.length - 1]!.text += decode(between);
    if (m[0].startsWith('<!--')) continue;
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> does not close <${open?.name ?? ''}>`);
      continue;
    }
    if (root && stack.length === 0) throw new Error('more than one root element');
    const node: XmlNode = { name: name!, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1]!.children.push(node);
    else root = node;
    if (!selfClosing) stack.push(node);
  }
  if (body.slice(last).trim()) throw new Error('text after the root element');
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  if (/<(?![/!?A-Za-z_])/.test(body)) throw new Error('stray "<"');
  return root;
}

export const INCIDENT_TYPE_VALUES = [
  'Child Pornography (possession, manufacture, and distribution)',
  'Child Sex Trafficking',
  'Child Sex Tourism',
  'Child Sexual Molestation',
  'Misleading Domain Name',
  'Misleading Words or Digital Images on the Internet',
  'Online Enticement of Children for Sexual Acts',
  'Unsolicited Obscene Material Sent to a Child',
];

interface Rule {
  /** Allowed children in schema order; `required` ones must appear, `many` may repeat. */
  sequence: { name: string; required?: boolean; many?: boolean }[];
}

const PERSON: Rule = {
  sequence: [
    { name: 'firstName' },
    { name: 'lastName' },
    { name: 'phone', many: true },
    { name: 'email', many: true },
    { name: 'address', many: true },
    { name: 'age' },
    { name: 'dateOfBirth' },
  ],
};

const RULES: Record<string, Rule> = {
  report: {
    sequence: [
      { name: 'incidentSummary', required: true },
      { name: 'internetDetails', many: true },
      { name: 'lawEnforcement' },
      { name: 'reporter', required: true },
      { name: 'personOrUserReported' },
      { name: 'intendedRecipient', many: true },
      { name: 'victim', many: true },
      { name: 'additionalInfo' },
    ],
  },
  incidentSummary: {
    sequence: [
      { name: 'incidentType', required: true },
      { name: 'escalateToHighPriority' },
      { name: 'reportAnnotations' },
      { name: 'incidentDateTime', required: true },
      { name: 'incidentDateTimeDescription' },
    ],
  },
  internetDetails: {
    sequence: [
      { name: 'webPageIncident' },
      { name: 'emailIncident' },
      { name: 'newsgroupIncident' },
      { name: 'chatImIncident' },
      { name: 'onlineGamingIncident' },
      { name: 'cellPhoneIncident' },
      { name: 'nonInternetIncident' },
      { name: 'peer2peerIncident' },
    ],
  },
  webPageIncident: {
    sequence: [{ name: 'url', many: true }, { name: 'additionalInfo' }, { name: 'thirdPartyHostedContent' }],
  },
  reporter: {
    sequence: [
      { name: 'reportingPerson', required: true },
      { name: 'contactPerson' },
      { name: 'companyTemplate' },
      { name: 'termsOfService' },
      { name: 'legalUrl' },
    ],
  },
  reportingPerson: {
    sequence: PERSON.sequence.map((s) => (s.name === 'email' ? { ...s, required: true } : s)),
  },
  contactPerson: { sequence: PERSON.sequence.filter((s) => s.name !== 'age' && s.name !== 'dateOfBirth') },
  personOrUserReported: {
    sequence: [
      { name: 'personOrUserReportedPerson' },
      { name: 'vehicleDescription' },
      { name: 'espIdentifier' },
      { name: 'espService' },
      { name: 'screenName' },
      { name: 'displayName', many: true },
      { name: 'profileUrl', many: true },
      { name: 'ipCaptureEvent', many: true },
      { name: 'deviceId', many: true },
      { name: 'thirdPartyUserReported' },
      { name: 'priorCTReports' },
      { name: 'groupIdentifier' },
      { name: 'estimatedLocation' },
      { name: 'additionalInfo' },
    ],
  },
  personOrUserReportedPerson: PERSON,
};

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function check(node: XmlNode, path: string, errors: string[]): void {
  const rule = RULES[node.name];
  if (!rule) {
    if (node.children.length > 0) errors.push(`${path}: unexpected child elements`);
    return;
  }
  if (node.text.trim()) errors.push(`${path}: unexpected text`);
  let position = 0;
  const seen = new Map<string, number>();
  for (const child of node.children) {
    const at = rule.sequence.findIndex((s) => s.name === child.name);
    if (at === -1) errors.push(`${path}/${child.name}: not allowed here`);
    else if (at < position) errors.push(`${path}/${child.name}: out of order`);
    else {
      const count = (seen.get(child.name) ?? 0) + 1;
      if (count > 1 && !rule.sequence[at]!.many) errors.push(`${path}/${child.name}: repeated`);
      seen.set(child.name, count);
      position = at;
    }
    check(child, `${path}/${child.name}`, errors);
  }
  for (const s of rule.sequence) {
    if (s.required && !seen.has(s.name)) errors.push(`${path}/${s.name}: required`);
  }
  if (node.name === 'internetDetails' && node.children.length !== 1) {
    errors.push(`${path}: exactly one incident kind`);
  }
}

function leaf(root: XmlNode, ...names: string[]): string | undefined {
  let node: XmlNode | undefined = root;
  for (const n of names) node = node?.children.find((c) => c.name === n);
  return node?.text;
}

/** Every rule a report breaks (empty when it is valid). */
export function validateReport(xml: string): string[] {
  let root: XmlNode;
  try {
    root = parseXml(xml);
  } catch (error) {
    return [`malformed XML: ${(error as Error).message}`];
  }
  if (root.name !== 'report') return [`root element is <${root.name}>, not <report>`];
  const errors: string[] = [];
  check(root, '/report', errors);
  const type = leaf(root, 'incidentSummary', 'incidentType');
  if (type !== undefined && !INCIDENT_TYPE_VALUES.includes(type))
    errors.push(`incidentType "${type}" unknown`);
  const when = leaf(root, 'incidentSummary', 'incidentDateTime');
  if (when !== undefined && !ISO_DATE_TIME.test(when))
    errors.push(`incidentDateTime "${when}" is not ISO 8601`);
  for (const email of root.children.find((c) => c.name === 'reporter')?.children[0]?.children ?? []) {
    if (email.name === 'email' && !/^[^@\s]+@[^@\s]+$/.test(email.text))
      errors.push('reporter email invalid');
  }
  const urls = root.children.find((c) => c.name === 'internetDetails')?.children[0]?.children ?? [];
  for (const u of urls) {
    if (u.name === 'url' && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(u.text)) errors.push(`url "${u.text}" invalid`);
  }
  return errors;
}
