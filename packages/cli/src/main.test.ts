import { runCli } from './testing';

describe('borderpost CLI conventions', () => {
  it('prints help on stdout and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: borderpost');
    expect(result.stdout).toContain('demo');
  });

  it('reports an unknown command as a JSON usage error with exit code 2', async () => {
    const result = await runCli(['no-such-group']);
    expect(result.code).toBe(2);
    const error = JSON.parse(result.stderr.trim()) as { error: { code: string; message: string } };
    expect(error.error.code).toBe('CLI_USAGE');
    expect(error.error.message).toMatch(/no-such-group/);
    expect(result.stdout).toBe('');
  });

  it('reports an unknown option as a usage error', async () => {
    const result = await runCli(['demo', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CLI_USAGE');
  });

  it('runs the demo with JSON output', async () => {
    const result = await runCli(['demo']);
    expect(result.code).toBe(0);
    expect(result.lines[0]).toMatchObject({ demo: 'borderpost' });
    const clean = result.lines.filter((line) => (line as { step?: string }).step === 'clean read');
    expect(clean).toHaveLength(3);
    for (const line of clean) expect(line).toMatchObject({ valid: true });
    const repaired = result.lines.find((line) => (line as { step?: string }).step === 'OCR slip repaired by check digits') as
      | { valid: boolean; corrections: { field: string }[]; printed: string[]; read: string[] }
      | undefined;
    expect(repaired).toBeDefined();
    expect(repaired!.read).not.toEqual(repaired!.printed);
    expect(repaired!.valid).toBe(true);
    expect(repaired!.corrections[0]).toMatchObject({ field: 'documentNumber' });
  });
});
