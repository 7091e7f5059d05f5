// Child process of the crash test: writes crossing-sized documents for ever (until SIGKILLed),
// reporting each acknowledged write on stdout as `ack <id> <rev>` before going on. Pipes are
// synchronous on Linux, so a line the parent reads was written before the next write started.
import { TestPouch } from './pouch';
import { ProjectionRunner } from '../projections';
import { crossingsProjection } from '../crossings-projection';
import { sampleCrossing } from '../sample-crossing';
import { changeLogProjection } from './change-log-projection';

async function main(): Promise<void> {
  const [file, startArg] = process.argv.slice(2);
  const db = new TestPouch<Record<string, unknown>>(file as string, { adapter: 'sqlite' } as never);
  const runner = new ProjectionRunner(db, [crossingsProjection, changeLogProjection], { batchSize: 7 });
  let index = Number(startArg);
  for (let step = 0; ; step += 1) {
    if (step % 5 === 4) {
      // A new revision of an earlier crossing (a correction), without re-sending its images.
      const earlier = await db.allDocs({ limit: 1, skip: step % 3 });
      const row = earlier.rows[0];
      if (row) {
        const doc = await db.get(row.id);
        const result = await db.put({ ...doc, corrected: step });
        process.stdout.write(`ack ${result.id} ${result.rev}\n`);
      }
    } else if (step % 7 === 6) {
      const batch = [sampleCrossing(index), sampleCrossing(index + 1)];
      index += 2;
      const results = await db.bulkDocs(batch);
      for (const result of results) if ('ok' in result) process.stdout.write(`ack ${result.id} ${result.rev}\n`);
    } else {
      const result = await db.put(sampleCrossing(index));
      index += 1;
      process.stdout.write(`ack ${result.id} ${result.rev}\n`);
    }
    if (step % 3 === 2) await runner.catchUp();
    // Compaction deletes old revision bodies and the attachments only they used: it must be as
    // crash-safe as writing.
    if (step % 11 === 10) await db.compact();
  }
}

main().catch((error) => {
  process.stderr.write(`crash-writer failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
