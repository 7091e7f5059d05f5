/**
 * Console roles and what each may do, in one table (the role matrix test reads it too).
 * - supervisor: oversight of posts, crossings, every reconciliation queue, reports;
 * - analyst: alert lists, risk profiles, hit review, crossings (to judge a hit), reports;
 * - admin: users, stations, stay rules, posts at a glance — not traveller records.
 * Officers (the post users of `user:<id>` reference documents): admins manage them; supervisors see who
 * works where and when each last signed in (they supervise the officers), but change nothing.
 * Stay rules: supervisors (and administrators) edit them, analysts read them (they shape the overstay queue).
 */
export type ConsoleRole = 'supervisor' | 'analyst' | 'admin';
export const CONSOLE_ROLES: readonly ConsoleRole[] = ['supervisor', 'analyst', 'admin'];

export type Capability =
  | 'session'
  | 'posts.read'
  | 'crossings.read'
  | 'stays.reconcile'
  | 'hits.review'
  | 'duplicates.reconcile'
  | 'quality.reconcile'
  | 'conflicts.resolve'
  | 'stay-rules.read'
  | 'stay-rules.edit'
  | 'lists.manage'
  | 'profiles.manage'
  | 'users.manage'
  | 'officers.read'
  | 'officers.manage'
  | 'stations.manage'
  | 'settings.manage'
  | 'reports.read';

export const ROLE_CAPABILITIES: Readonly<Record<ConsoleRole, readonly Capability[]>> = {
  supervisor: ['session', 'posts.read', 'crossings.read', 'stays.reconcile', 'hits.review', 'duplicates.reconcile', 'quality.reconcile', 'conflicts.resolve', 'stay-rules.read', 'stay-rules.edit', 'reports.read', 'officers.read'],
  analyst: ['session', 'crossings.read', 'hits.review', 'lists.manage', 'profiles.manage', 'stay-rules.read', 'reports.read'],
  admin: ['session', 'posts.read', 'users.manage', 'stations.manage', 'settings.manage', 'stay-rules.read', 'stay-rules.edit', 'officers.read', 'officers.manage'],
};

export function may(role: ConsoleRole, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role].includes(capability);
}
