/**
 * A minimal XML writer for the documents Redress sends (the CyberTipline report): elements with
 * text or children, no attributes beyond the root's, every text escaped. Characters XML 1.0
 * cannot carry at all (control characters) are dropped rather than sent as an invalid document.
 */
export interface XmlElement {
  name: string;
  /** Text content, or child elements in document order; undefined children are skipped. */
  content: string | readonly (XmlElement | undefined)[];
  attributes?: Readonly<Record<string, string>>;
}

export function el(name: string, content: XmlElement['content']): XmlElement {
  return { name, content };
}

const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function write(node: XmlElement, indent: string): string {
  const attrs = Object.entries(node.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  if (typeof node.content === 'string') {
    return `${indent}<${node.name}${attrs}>${escapeXml(node.content)}</${node.name}>\n`;
  }
  const children = node.content.filter((c): c is XmlElement => c !== undefined);
  const inner = children.map((c) => write(c, `${indent}  `)).join('');
  return `${indent}<${node.name}${attrs}>\n${inner}${indent}</${node.name}>\n`;
}

export function renderXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${write(root, '')}`;
}
