/**
 * The NCMEC hash-sharing simulator speaks the real protocol: Meta's reference client
 * (python-threatexchange, unchanged) reads its status and members, pages through entries, updates
 * and deletions between two times, and submits up- and down-votes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NcmecSimulator } from '../../scripts/sim/ncmec.ts';
import { ORACLE_DIR, runOracle } from './oracle.ts';

describe.skipIf(ORACLE_DIR === undefined)('NCMEC simulator under the reference client', () => {
  const sim = new NcmecSimulator();
  let base = '';
  beforeAll(async () => {
    sim.pageSize = 7;
    const member = { id: 42, name: 'Example Member' };
    for (let i = 1; i <= 20; i++)
      sim.upsert({
        id: `image${i}`,
        member,
        type: 'image',
        classification: 'A1',
        fingerprints: { md5: i.toString(16).padStart(32, '0'), pdq: i.toString(16).padStart(64, 'a') },
      });
    sim.upsert({
      id: 'video1',
      member,
      type: 'video',
      classification: null,
      fingerprints: { md5: 'b1'.repeat(16) },
    });
    sim.upsert({
      id: 'image3',
      member,
      type: 'image',
      classification: 'A2',
      fingerprints: { md5: '3'.repeat(32) },
    });
    sim.delete('image4');
    base = `${await sim.listen()}/hashsharing`;
  });
  afterAll(() => sim.close());

  it('pages through entries, updates and deletions with the reference iterator', async () => {
    const out = (await runOracle(`
import json, time
from threatexchange.exchanges.clients.ncmec.hash_api import NCMECHashAPI, FingerprintType, FeedbackType
class Environment:
    value = ${JSON.stringify(base)}
api = NCMECHashAPI("sim-user", "sim-password", Environment())
me = api.status()
members = api.members()
pages = []
seen = {}
for page in api.get_entries_iter(start_timestamp=0, end_timestamp=int(time.time()) + 5):
    pages.append(len(page.updates))
    for u in page.updates:
        seen[u.id] = {"deleted": u.deleted, "type": u.entry_type.value, "member": u.member_id,
                      "classification": u.classification, "fingerprints": u.fingerprints}
api.submit_upvote(42, "image1", FingerprintType.md5)
api.submit_feedback(42, "image2", FingerprintType.pdq, FeedbackType.downvote)
print(json.dumps({"me": [me.esp_id, me.esp_name], "members": len(members), "pages": pages, "seen": seen}))
`)) as {
      me: [number, string];
      members: number;
      pages: number[];
      seen: Record<
        string,
        {
          deleted: boolean;
          type: string;
          classification: string | null;
          fingerprints: Record<string, string>;
        }
      >;
    };
    expect(out.me).toEqual([1, 'Redress Simulator Member']);
    expect(out.members).toBe(2);
    expect(out.pages).toEqual([7, 7, 7]);
    expect(Object.keys(out.seen)).toHaveLength(21);
    expect(out.seen.image4).toMatchObject({ deleted: true, type: 'image', fingerprints: {} });
    expect(out.seen.image3).toMatchObject({ deleted: false, classification: 'A2' });
    expect(out.seen.video1).toMatchObject({ type: 'video', fingerprints: { md5: 'b1'.repeat(16) } });
    expect(sim.feedback.map((f) => [f.entry, f.type, f.body.includes('<negative>')])).toEqual([
      ['image1', 'MD5', false],
      ['image2', 'PDQ', true],
    ]);
  });

  it('refuses wrong credentials', async () => {
    const out = (await runOracle(`
import json, requests
from threatexchange.exchanges.clients.ncmec.hash_api import NCMECHashAPI
class Environment:
    value = ${JSON.stringify(base)}
try:
    NCMECHashAPI("sim-user", "wrong", Environment()).status()
    print(json.dumps({"status": 200}))
except requests.HTTPError as e:
    print(json.dumps({"status": e.response.status_code}))
`)) as { status: number };
    expect(out.status).toBe(401);
  });
});
