import type { CommandGroup } from '../group';
import { demoGroup } from './demo';
import { devicesGroup } from './devices';
import { docstoreGroup } from './docstore';
import { matchGroup } from './match';
import { mrzGroup } from './mrz';
import { postGroup } from './post';
import { schemaGroup } from './schema';
import { serverGroup } from './server';

/** Every command group of `borderpost`, in the order `--help` lists them. Add a line per new group. */
export const commandGroups: CommandGroup[] = [demoGroup, schemaGroup, mrzGroup, serverGroup, devicesGroup, postGroup, matchGroup, docstoreGroup];
