// Child process used by tests: opens a docstore file through the adapter, writes one document and
// prints the outcome as one JSON line. Run with `node --import tsx`.
import { TestPouch } from './pouch';

async function main(): Promise<void> {
  const [file, key] = process.argv.slice(2);
  const db = new TestPouch(file as string, { adapter: 'sqlite', ...(key ? { key } : {}) } as never);
  try {
    const result = await db.put({ _id: `child-${process.pid}` });
    process.stdout.write(JSON.stringify({ ok: true, rev: result.rev }) + '\n');
  } catch (error) {
    const e = error as { code?: string; cause?: { code?: string }; message?: string };
    process.stdout.write(JSON.stringify({ ok: false, code: e.code ?? e.cause?.code, message: e.message }) + '\n');
  }
  await db.close().catch(() => undefined);
}

void main();
