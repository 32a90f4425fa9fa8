/** The partner XML reader: NCMEC's shapes, entities, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { XmlError, child, parseXml } from '../../src/platform/xml.ts';

describe('parseXml', () => {
  it('reads elements, attributes, namespaces and entities', () => {
    const root = parseXml(`<?xml version="1.0"?>
<q:queryResult xmlns:q="urn:x"><!-- note --><paging><next>/v2/entries?a=1&amp;b=2&#x26;c=&#51;</next></paging>
<images count="1" maxTimestamp='2017-10-24T15:10:00Z'><image><id>image1</id><feedback/></image></images></q:queryResult>`);
    expect(root.name).toBe('queryResult');
    expect(child(child(root, 'paging'), 'next')?.text).toBe('/v2/entries?a=1&b=2&c=3');
    expect(child(root, 'images')?.attributes).toEqual({ count: '1', maxTimestamp: '2017-10-24T15:10:00Z' });
    expect(child(child(child(root, 'images'), 'image'), 'feedback')?.children).toEqual([]);
  });

  it('refuses document types, unknown entities and broken nesting', () => {
    expect(() => parseXml('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')).toThrow(XmlError);
    expect(() => parseXml('<x>&bogus;</x>')).toThrow(/unknown entity/);
    expect(() => parseXml('<x><y></x>')).toThrow(XmlError);
    expect(() => parseXml('<x/><y/>')).toThrow(/one root/);
  });
});
