/**
 * The first-run set-up link, framed so it stands out among log lines: a box of plain characters,
 * on stderr with the logs (stdout stays for command output). The link is long; it keeps a line
 * of its own and is never wrapped, so it can be copied whole.
 */
export function setupBanner(adminEmail: string, setupUrl: string, apiUrl: string, token: string): string {
  const lines = [
    'FIRST RUN: SET THE ADMIN PASSWORD',
    '',
    `Created the admin account ${adminEmail}.`,
    'Choose its password within 24 hours with this one-time link:',
    '',
    `  ${setupUrl}`,
    '',
    'or from a shell:',
    `  curl -X POST ${apiUrl}/api/v1/auth/setup -H 'content-type: application/json' \\`,
    `    -d '{"token":"${token}","password":"<at least 12 characters>"}'`,
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  return ['', rule, ...lines.map((l) => `| ${l.padEnd(width)} |`), rule, '', ''].join('\n');
}
