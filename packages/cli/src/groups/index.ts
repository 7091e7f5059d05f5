import type { CommandGroup } from '../group';
import { demoGroup } from './demo';
import { mrzGroup } from './mrz';
import { schemaGroup } from './schema';

/** Every command group of `borderpost`, in the order `--help` lists them. Add a line per new group. */
export const commandGroups: CommandGroup[] = [demoGroup, schemaGroup, mrzGroup];
