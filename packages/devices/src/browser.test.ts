import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KeystrokeBurstDetector } from '@borderpost/devices/browser';

describe('@borderpost/devices/browser', () => {
  it('exports the burst detector through the package subpath', () => {
    expect(new KeystrokeBurstDetector().holding).toBe(false);
  });

  it('pulls in no Node, serialport or node-hid module (it runs in the renderer and the browser)', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/^(?:import|export)[^;]*? from '([^']+)'/gm)) {
        const spec = match[1]!;
        expect(spec.startsWith('.')).toBe(true);
        visit(path.resolve(path.dirname(file), `${spec}.ts`));
      }
    };
    visit(path.join(__dirname, 'browser.ts'));
    expect(seen.size).toBeGreaterThan(3);
  });
});
