import { exampleDocuments, exampleTypes } from '@borderpost/schemas';
import type { CommandGroup } from '../group';
import { UsageError } from '../exit';
import { writeJsonLine } from '../io';

function integerOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a non-negative integer`);
  return Number(value);
}

/** `borderpost schema example <type> --post P [--count N] [--seed S]`: valid documents as JSON Lines. */
export const schemaGroup: CommandGroup = {
  name: 'schema',
  description: 'Document schemas shared by posts and central (examples for docs, tests, integrators)',
  register(group, io) {
    group
      .command('example')
      .description(`Print N distinct, valid example documents as JSON Lines. Types: ${exampleTypes.join(', ')}`)
      .argument('<type>', 'document type')
      .requiredOption('--post <postId>', 'post the documents belong to')
      .option('--count <n>', 'how many documents', '1')
      .option('--seed <n>', 'reproducible output for the same seed')
      .action((type: string, options: { post: string; count: string; seed?: string }) => {
        const docs = exampleDocuments(type, { postId: options.post, count: integerOption('count', options.count), seed: integerOption('seed', options.seed) });
        for (const doc of docs) writeJsonLine(io.stdout, doc);
      });
  },
};
