/**
 * A small, strict XML reader for partner answers (NCMEC's hash-sharing API): elements, attributes,
 * text and the five predefined and numeric entities. Namespaces are dropped from names (the
 * answers use one default namespace). Document type declarations are refused outright, so no
 * entity expansion or external reference can happen.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#')
      return String.fromCodePoint(
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)),
      );
    const known = ENTITIES[name];
    if (known === undefined) throw new XmlError(`unknown entity ${whole}`);
    return known;
  });
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

export function parseXml(text: string): XmlElement {
  if (/<!DOCTYPE/i.test(text)) throw new XmlError('document type declarations are refused');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const token =
    /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let at = 0;
  while (at < text.length) {
    token.lastIndex = at;
    match = token.exec(text);
    if (!match) throw new XmlError(`malformed XML at character ${at}`);
    at = token.lastIndex;
    const top = stack[stack.length - 1];
    const [, cdata, close, open, attrs, selfClosing, chars] = match;
    if (cdata !== undefined) top.text += cdata;
    else if (close !== undefined) {
      if (stack.length < 2 || localName(close) !== top.name) throw new XmlError(`unexpected </${close}>`);
      stack.pop();
    } else if (open !== undefined) {
      const element: XmlElement = { name: localName(open), attributes: {}, children: [], text: '' };
      for (const a of (attrs ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
        element.attributes[localName(a[1])] = decode(a[2] ?? a[3] ?? '');
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    } else if (chars !== undefined) top.text += decode(chars);
  }
  if (stack.length !== 1) throw new XmlError(`<${stack[stack.length - 1].name}> is not closed`);
  const elements = root.children;
  if (elements.length !== 1) throw new XmlError('an XML document has one root element');
  return elements[0];
}

/** The first child of that name, if any. */
export const child = (e: XmlElement | undefined, name: string): XmlElement | undefined =>
  e?.children.find((c) => c.name === name);
