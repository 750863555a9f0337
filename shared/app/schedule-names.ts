import { createHash } from 'node:crypto';

const shortHash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** EventBridge names allow `[0-9a-zA-Z-_.]`, ≤ 64 characters; case ids allow more, so they are hashed. */
export function caseScheduleName(caseId: string, key: string): string {
  return `case-${shortHash(caseId, 20)}-${key}`;
}

export function deliveryScheduleName(notificationId: string): string {
  return `deliver-${shortHash(notificationId, 32)}`;
}
