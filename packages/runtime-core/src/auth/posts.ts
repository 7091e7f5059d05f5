import { BorderpostError } from '@borderpost/common';

/** What sign-in needs from a replicated `user` document (see `@borderpost/schemas` UserSchema). */
export interface UserRecord {
  userId: string;
  name: string;
  roles: Array<'officer' | 'supervisor' | 'technician' | 'admin'>;
  /** Posts where the user may work (and sign in offline). */
  posts: string[];
  passwordHash: string;
  disabled?: boolean;
}

/**
 * "An officer can only work at the posts assigned to them." Administrators are not exempt: a post is a
 * physical place, and an admin working a lane is assigned to it like anyone else.
 */
export function canWorkAt(user: Pick<UserRecord, 'posts' | 'disabled'>, postId: string): boolean {
  return !user.disabled && Array.isArray(user.posts) && user.posts.includes(postId);
}

export function assertCanWorkAt(user: Pick<UserRecord, 'userId' | 'posts' | 'disabled'>, postId: string): void {
  if (!canWorkAt(user, postId)) {
    throw new BorderpostError('AUTH_POST_NOT_ASSIGNED', `user ${user.userId} is not assigned to post ${postId}`, { userId: user.userId, postId });
  }
}
