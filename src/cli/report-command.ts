/**
 * `redress report --from DATE --to DATE [--format html|csv|json] [--out FILE]`: the transparency
 * report for a period (requests, time to act, copies, blocks, appeals, automated means, removals
 * per site), with no personal data and no item addresses. Dates are UTC days; `--to` is inclusive.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { transparencyCsv } from '../web/reports/transparency-csv.ts';
import { transparencyDocument } from '../web/reports/transparency-html.ts';
import { openCommandRuntime, withDataDir } from './options.ts';

const FORMATS = ['html', 'csv', 'json'] as const;

function day(value: string, name: string, endOfDay: boolean): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Error(`${name} must be a date as YYYY-MM-DD, got "${value}"`);
  }
  return new Date(`${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`);
}

export function registerReportCommand(program: Command): void {
  withDataDir(program.command('report'))
    .description('the transparency report for a period (no personal data)')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (UTC)')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (UTC), included')
    .option('--format <format>', 'html, csv or json', 'html')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { dataDir?: string; from: string; to: string; format: string; out?: string }) => {
      if (!FORMATS.includes(options.format as (typeof FORMATS)[number])) {
        throw new Error(`--format must be one of ${FORMATS.join(', ')}, got "${options.format}"`);
      }
      const period = { from: day(options.from, '--from', false), to: day(options.to, '--to', true) };
      const rt = await openCommandRuntime(options);
      try {
        const report = await rt.transparencyReport(period);
        const text =
          options.format === 'json'
            ? `${JSON.stringify(report, null, 2)}\n`
            : options.format === 'csv'
              ? transparencyCsv(report)
              : transparencyDocument(report);
        if (options.out) fs.writeFileSync(options.out, text);
        else process.stdout.write(text);
      } finally {
        await rt.close();
      }
    });
}
