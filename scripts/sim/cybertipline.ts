/**
 * A local stand-in for NCMEC's CyberTipline reporting service, for development and tests:
 *   npm run sim:cybertipline -- --port 8787 [--username u --password p]
 * then REDRESS_CYBERTIPLINE_URL=http://127.0.0.1:8787/ispws with the same credentials.
 *
 * Where the shape comes from: NCMEC's public "CyberTipline Reporting API" documentation
 * (https://report.cybertip.org/ispws/documentation/, test service https://exttest.cybertip.org/ispws),
 * as reflected in public client code such as the TypeScript types of
 * github.com/Johannes-Andersen/Cybertipline-Tools (src/types/transactions/Report.ts,
 * reportDetails/*, incidents/WebPageIncident.ts, Constants/ResponseCode.ts): HTTP basic auth;
 * POST /submit takes the `<report>` XML (incidentSummary, internetDetails, lawEnforcement,
 * reporter, personOrUserReported, intendedRecipient, victim, additionalInfo, in that order) and
 * answers `<reportResponse><responseCode>0</responseCode><responseDescription>Success
 * </responseDescription><reportId>..</reportId></reportResponse>`; POST /finish and /retract take
 * the form field `id`; /upload and /fileinfo attach files (not simulated: Redress sends none);
 * GET /status checks the credentials. Error codes used: 1000 server error, 4100 validation
 * failed, 4110 malformed XML, 5001 report does not exist, 5101 already retracted, 5102 already
 * finished. Wrong credentials get HTTP 401. The rules checked are in ./cybertipline-schema.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeXml } from '../../src/domain/xml.ts';
import { validateReport } from './cybertipline-schema.ts';

export interface SimulatedReport {
  id: string;
  xml: string;
  state: 'open' | 'finished' | 'retracted';
}

export interface CyberTiplineSimulator {
  url: string;
  reports: Map<string, SimulatedReport>;
  /** Every request received: endpoint and the answer's response code. */
  calls: { endpoint: string; responseCode: number | null; status: number }[];
  /** The next `count` calls answer HTTP 500 with response code 1000 (server error). */
  failNext(count: number): void;
  close(): Promise<void>;
}

function answer(res: http.ServerResponse, status: number, code: number, description: string, id?: string) {
  const reportId = id ? `<reportId>${escapeXml(id)}</reportId>` : '';
  res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<reportResponse><responseCode>${code}</responseCode>` +
      `<responseDescription>${escapeXml(description)}</responseDescription>${reportId}</reportResponse>`,
  );
}

export async function startCyberTiplineSimulator(options: {
  port?: number;
  host?: string;
  username: string;
  password: string;
}): Promise<CyberTiplineSimulator> {
  const reports = new Map<string, SimulatedReport>();
  const calls: CyberTiplineSimulator['calls'] = [];
  let failures = 0;
  let nextId = 1000 + Math.floor(Math.random() * 1000);
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const endpoint = (req.url ?? '').replace(/^\/ispws/, '').split('?')[0] ?? '';
      const reply = (status: number, code: number | null, description: string, id?: string) => {
        calls.push({ endpoint, responseCode: code, status });
        if (code === null) {
          res.writeHead(status, { 'www-authenticate': 'Basic realm="CyberTipline"' }).end();
        } else answer(res, status, code, description, id);
      };
      if (req.headers.authorization !== expected) return reply(401, null, '');
      if (failures > 0) {
        failures -= 1;
        return reply(500, 1000, 'Server error');
      }
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'GET' && endpoint === '/status') return reply(200, 0, 'Success');
      if (req.method !== 'POST') return reply(405, 4000, 'Invalid request');
      if (endpoint === '/submit') {
        const errors = validateReport(body);
        if (errors.length > 0) {
          const malformed = errors[0]!.startsWith('malformed');
          return reply(400, malformed ? 4110 : 4100, errors.join('; '));
        }
        const id = String(nextId++);
        reports.set(id, { id, xml: body, state: 'open' });
        return reply(200, 0, 'Success', id);
      }
      if (endpoint === '/finish' || endpoint === '/retract') {
        const id = new URLSearchParams(body).get('id') ?? '';
        const report = reports.get(id);
        if (!report) return reply(400, 5001, 'Report does not exist');
        if (report.state === 'retracted') return reply(400, 5101, 'Report already retracted');
        if (report.state === 'finished') return reply(400, 5102, 'Report already finished');
        report.state = endpoint === '/finish' ? 'finished' : 'retracted';
        return reply(200, 0, 'Success', id);
      }
      if (endpoint === '/upload' || endpoint === '/fileinfo') return reply(400, 4000, 'Not simulated');
      return reply(404, 4000, 'Invalid request');
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/ispws`,
    reports,
    calls,
    failNext(count) {
      failures = count;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function flag(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const port = Number(flag(args, 'port', '8787'));
  const username = flag(args, 'username', 'redress');
  const password = flag(args, 'password', 'redress-dev');
  const sim = await startCyberTiplineSimulator({ port, username, password });
  console.log(`CyberTipline simulator at ${sim.url} (user ${username})`);
}
