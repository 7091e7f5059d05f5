import { ok } from '@borderpost/common';
import { type HandlerImplementations } from '@borderpost/contract';
import { type OfficerSessions } from '../auth/session';

/** The contract's session calls over `OfficerSessions` (events are emitted by the sessions themselves). */
export function sessionService(sessions: OfficerSessions): HandlerImplementations {
  return {
    'session.signIn': (args) => sessions.signIn(args),
    'session.signOut': async () => sessions.signOut(),
    'session.current': async () => ok(sessions.current()),
    'session.touch': async () => sessions.touch(),
  };
}
