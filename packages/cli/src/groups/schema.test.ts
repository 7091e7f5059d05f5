import { checkPostDocument } from '@borderpost/schemas';
import { runCli } from '../testing';

describe('borderpost schema example', () => {
  it('prints N distinct valid crossings as JSON Lines', async () => {
    const result = await runCli(['schema', 'example', 'crossing', '--post', 'p7', '--count', '3']);
    expect(result.code).toBe(0);
    expect(result.lines).toHaveLength(3);
    const ids = new Set(result.lines.map((doc) => (doc as { _id: string })._id));
    expect(ids.size).toBe(3);
    for (const doc of result.lines) expect(checkPostDocument(doc, 'p7')).toEqual({ ok: true, type: 'crossing' });
  });

  it('reports an unknown type and a bad count as JSON errors', async () => {
    const unknown = await runCli(['schema', 'example', 'spaceship', '--post', 'p7']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { code: 'SCHEMA_UNKNOWN_TYPE' } });
    const badCount = await runCli(['schema', 'example', 'audit', '--post', 'p7', '--count', 'many']);
    expect(badCount.code).toBe(2);
  });
});
