import { socatAvailable } from '../transport/pty';

/**
 * Test tiers (conventions §12): fakes always; emulators over real pseudo-terminals when socat is
 * present (a loud skip locally, a failure under CI=true); hardware when an environment variable names
 * the port.
 */
export function ptyTier(): { run: boolean; describe: jest.Describe } {
  if (socatAvailable()) return { run: true, describe };
  if (process.env.CI === 'true') {
    throw new Error('socat is required under CI=true for the pseudo-terminal device tests (apt-get install socat)');
  }
  console.warn('\n\n*** SKIPPING pseudo-terminal device tests: socat is not installed (apt-get install socat) ***\n\n');
  return { run: false, describe: describe.skip };
}

export function hardwareTier(variable: string): { port: string | undefined; describe: jest.Describe } {
  const port = process.env[variable];
  return { port, describe: port ? describe : describe.skip };
}
