/** `serve` warns when links would be built on an address people cannot open. */
import { describe, expect, it } from 'vitest';
import { publicUrlWarning } from '../../src/cli/public-url-check.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('the public URL at start', () => {
  it('warns when it is unset and the service listens beyond loopback', () => {
    const warning = publicUrlWarning(loadConfig({ REDRESS_HOST: '0.0.0.0' }));
    expect(warning).toContain('REDRESS_PUBLIC_URL is not set');
    expect(warning).toContain('http://0.0.0.0:8080');
  });

  it('is quiet on loopback or when it is set', () => {
    expect(publicUrlWarning(loadConfig({}))).toBeNull();
    expect(publicUrlWarning(loadConfig({ REDRESS_HOST: '::1' }))).toBeNull();
    const set = loadConfig({ REDRESS_HOST: '0.0.0.0', REDRESS_PUBLIC_URL: 'https://removals.example.org/' });
    expect(publicUrlWarning(set)).toBeNull();
    expect(set.publicUrl).toBe('https://removals.example.org');
  });

  it('refuses a public URL that is not an http(s) address', () => {
    expect(() => loadConfig({ REDRESS_PUBLIC_URL: 'removals.example.org' })).toThrow(ConfigError);
  });
});
