/**
 * Which posts may hold a reference document (server-side filtered replication). `'all'` means every
 * post; otherwise the list of post ids. Unknown or malformed documents go nowhere (fail closed).
 */
export type Audience = 'all' | string[];

export function referenceAudience(doc: Record<string, unknown>): Audience {
  switch (doc.type) {
    case 'alert-list':
    case 'alert-person':
    case 'alert-document':
    case 'post':
    case 'merge':
      return 'all';
    case 'user':
      // Withdrawn posts too: a post that held the user must learn it no longer does (see UserSchema).
      return [...new Set([...stringArray(doc.posts), ...stringArray(doc.withdrawnPosts)])];
    case 'station':
      return typeof doc.postId === 'string' ? [doc.postId] : [];
    case 'risk-profile':
      // Withdrawn posts too: a post that applied the profile must receive the revision that leaves it out.
      return doc.posts === undefined ? 'all' : [...new Set([...stringArray(doc.posts), ...stringArray(doc.withdrawnPosts)])];
    case 'settings': {
      const scope = doc.scope;
      if (scope === 'global') return 'all';
      return typeof scope === 'string' && scope.startsWith('post-') ? [scope.slice('post-'.length)] : [];
    }
    default:
      return [];
  }
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
