import type { CommandGroup } from '../group';
import { writeJsonLine } from '../io';

/**
 * `borderpost demo` — what `npm start` runs. Later issues grow it into the whole system on one
 * machine (central server, an enrolled post, emulated devices, the officer UI).
 */
export const demoGroup: CommandGroup = {
  name: 'demo',
  description: 'Run the Borderpost demo (what `npm start` runs)',
  register(group, io) {
    group.action(() => {
      writeJsonLine(io.stdout, {
        demo: 'borderpost',
        message: 'The one-machine demo grows with each capability. Try: npx borderpost --help',
      });
    });
  },
};
