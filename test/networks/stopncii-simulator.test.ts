/**
 * The StopNCII simulator speaks the real protocol: Meta's reference client (python-threatexchange,
 * unchanged) pages through it, submits feedback and hashes, and gets the gateway's errors for
 * wrong keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StopNCIISimulator } from '../../scripts/sim/stopncii.ts';
import { ORACLE_DIR, runOracle } from './oracle.ts';

const hex = (i: number, digits = 64) => i.toString(16).padStart(digits, '0');

describe.skipIf(ORACLE_DIR === undefined)('StopNCII simulator under the reference client', () => {
  const sim = new StopNCIISimulator();
  let base = '';
  beforeAll(async () => {
    const lines = [];
    for (let i = 1; i <= 1700; i++) lines.push(`ImagePDQ,${hex(i)},Active`);
    for (let i = 1; i <= 30; i++) lines.push(`VideoMD5,${hex(i, 32)},Active`);
    lines.push(`ImagePDQ,${hex(5)},Withdrawn`);
    sim.seed(lines.join('\n'));
    base = `${await sim.listen()}/v1`;
  });
  afterAll(() => sim.close());

  const client = (fetchKey = 'sim-fetch', subscription = 'sim-subscription') => `
import json
from threatexchange.exchanges.clients.stopncii.api import (
    StopNCIIAPI, StopNCIIEndpoint, StopNCIISignalType, StopNCIICSPFeedbackValue, StopNCIICaseStatus)
api = StopNCIIAPI(${JSON.stringify(subscription)}, ${JSON.stringify(fetchKey)},
    {StopNCIIEndpoint.SubmitFeedback: "sim-feedback", StopNCIIEndpoint.SubmitHashes: "sim-submit"},
    base_url_override=${JSON.stringify(base)})
`;

  it('pages through every record with the reference iterator, checkpoint included', async () => {
    const out = (await runOracle(`${client()}
pages = []
records = {}
for page in api.fetch_hashes_iter():
    pages.append([page.count, page.hasMoreRecords, page.nextSetTimestamp])
    for r in page.hashRecords:
        records[(r.signalType.value, r.hashValue)] = r.hashStatus.value
again = list(api.fetch_hashes_iter(start_timestamp=pages[-1][2] + 1))
print(json.dumps({"pages": pages, "records": len(records),
    "withdrawn": records[("ImagePDQ", "${hex(5)}")], "video": records[("VideoMD5", "${hex(7, 32)}")],
    "after": sum(p.count for p in again)}))
`)) as {
      pages: Array<[number, boolean, number]>;
      records: number;
      withdrawn: string;
      video: string;
      after: number;
    };
    expect(out.pages.map((p) => p[0])).toEqual([800, 800, 130]);
    expect(out.pages.map((p) => p[1])).toEqual([true, true, false]);
    expect(out.records).toBe(1730);
    expect(out.withdrawn).toBe('Withdrawn');
    expect(out.video).toBe('Active');
    expect(out.after).toBe(0);
  });

  it('takes feedback and partner hashes as the reference client sends them', async () => {
    await runOracle(`${client()}
api.submit_feedback(StopNCIISignalType.ImagePDQ, "${hex(9)}", StopNCIICSPFeedbackValue.Blocked, {"redress"})
api.submit_hash(StopNCIISignalType.ImagePDQ, "${hex(99999)}")
print("{}")
`);
    expect(sim.received.map((r) => r.endpoint)).toEqual(['SubmitFeedback', 'SubmitHashes']);
    expect(sim.records.get(`ImagePDQ:${hex(9)}`)?.CSPFeedbacks).toEqual([
      { feedbackValue: 'Blocked', tags: ['redress'], source: 'partner' },
    ]);
    expect(sim.records.get(`ImagePDQ:${hex(99999)}`)?.hashStatus).toBe('Active');
  });

  it('refuses wrong keys with the gateway and function host answers', async () => {
    const out = (await runOracle(`${client('wrong')}
import requests
res = {}
try:
    api.fetch_hashes()
except requests.HTTPError as e:
    res["function"] = [e.response.status_code, e.response.text]
${client('sim-fetch', 'wrong')}
try:
    api.fetch_hashes()
except requests.HTTPError as e:
    res["gateway"] = [e.response.status_code, e.response.json()["message"]]
print(json.dumps(res))
`)) as { function: [number, string]; gateway: [number, string] };
    expect(out.function).toEqual([401, '']);
    expect(out.gateway[0]).toBe(401);
    expect(out.gateway[1]).toMatch(/invalid subscription key/);
  });
});
