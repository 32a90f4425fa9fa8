/**
 * NCMEC's hash-sharing API v2 as the public reference client speaks it: HTTP basic credentials,
 * `GET {base}/v2/entries?from=&to=` answered in XML with images and videos (and `deletedImage` /
 * `deletedVideo` tombstones), and a `paging/next` link relative to the base for the rest of the
 * window. Calls go through the SSRF-safe partner fetch; a 4xx is permanent.
 */
import type { NcmecConfig } from './networks-config.ts';
import { FetchError, callPartner } from './fetch-media.ts';
import type { FetchOptions } from './fetch-media.ts';
import { PartnerError } from './stopncii-client.ts';
import { XmlError, child, parseXml } from './xml.ts';
import type { XmlElement } from './xml.ts';

export interface NcmecUpdate {
  id: string;
  memberId: number;
  type: 'image' | 'video';
  deleted: boolean;
  /** Fingerprint values by NCMEC's lower-case name (md5, sha1, pdq, ...). */
  fingerprints: Record<string, string>;
}

const isoSeconds = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function ncmecClient(config: NcmecConfig, fetchOptions: FetchOptions) {
  const auth = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`;
  return {
    /** One page of the window [from, to] (Unix seconds), or the page `next` names. */
    async entries(window: {
      from: number;
      to: number;
      next: string;
    }): Promise<{ updates: NcmecUpdate[]; next: string }> {
      const url = window.next
        ? `${config.url}${window.next}`
        : `${config.url}/v2/entries?${new URLSearchParams({ from: isoSeconds(window.from), to: isoSeconds(window.to) })}`;
      let answer: Awaited<ReturnType<typeof callPartner>>;
      try {
        answer = await callPartner(
          url,
          { method: 'GET', headers: { authorization: auth, accept: 'application/xml' } },
          fetchOptions,
        );
      } catch (error) {
        const refused = error instanceof FetchError && error.code === 'FETCH_REFUSED';
        throw new PartnerError(`NCMEC entries: ${(error as Error).message}`, refused);
      }
      if (answer.status < 200 || answer.status > 299) {
        const permanent = answer.status >= 400 && answer.status < 500 && answer.status !== 429;
        throw new PartnerError(`NCMEC entries answered ${answer.status}`, permanent);
      }
      let root: XmlElement;
      try {
        root = parseXml(answer.body.toString('utf8'));
      } catch (error) {
        if (error instanceof XmlError) throw new PartnerError(`NCMEC entries: ${error.message}`, false);
        throw error;
      }
      const updates: NcmecUpdate[] = [];
      for (const group of [child(root, 'images'), child(root, 'videos')]) {
        for (const e of group?.children ?? []) updates.push(update(e));
      }
      return { updates, next: child(child(root, 'paging'), 'next')?.text.trim() ?? '' };
    },
  };
}

function update(e: XmlElement): NcmecUpdate {
  const tag = e.name.toLowerCase();
  const deleted = tag.startsWith('deleted');
  const type = deleted ? tag.slice('deleted'.length) : tag;
  const id = child(e, 'id')?.text.trim();
  const memberId = Number(child(e, 'member')?.attributes.id);
  if ((type !== 'image' && type !== 'video') || !id || !Number.isInteger(memberId))
    throw new PartnerError(`NCMEC entries: an <${e.name}> without type, id or member`, false);
  const fingerprints: Record<string, string> = {};
  for (const f of child(e, 'fingerprints')?.children ?? [])
    if (f.text.trim()) fingerprints[f.name.toLowerCase()] = f.text.trim();
  return { id, memberId, type, deleted, fingerprints };
}

export type NcmecClient = ReturnType<typeof ncmecClient>;
