import { createHmac } from 'node:crypto';
import type { Identity } from '../app/ports/identity';
import { canonicalJson } from '../domain/event-log';
import { maskIin } from '../domain/iin';

export type { Identity };

/** Minimum secret length: 32 bytes of entropy, as HMAC-SHA256 wants. */
export const MIN_IDENTITY_SECRET_LENGTH = 32;

export class IdentitySecretError extends Error {
  constructor(problem: string) {
    super(`identity secret: ${problem}`);
    this.name = 'IdentitySecretError';
  }
}

/**
 * The secret is one key (version 1) or, after rotations, `{"keys": ["<v1>", "<v2>", …]}`, oldest first. A key of
 * version n is the version n−1 key hashed again with the n-th secret, so the table can be re-keyed without knowing any
 * IIN (`rekey`), and a leaked older secret alone no longer finds anyone (docs/security.md "Rotating the identity key").
 */
export function parseIdentitySecret(secret: string): string[] {
  let keys: unknown = [secret];
  if (secret.trimStart().startsWith('{')) {
    try {
      keys = (JSON.parse(secret) as { keys?: unknown }).keys;
    } catch {
      throw new IdentitySecretError('looks like JSON but does not parse');
    }
  }
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((key) => typeof key === 'string')) {
    throw new IdentitySecretError('must be one key or {"keys": [...]} with at least one key');
  }
  if (keys.some((key: string) => key.length < MIN_IDENTITY_SECRET_LENGTH)) {
    throw new IdentitySecretError(`every key must be at least ${MIN_IDENTITY_SECRET_LENGTH} characters`);
  }
  return keys as string[];
}

const CONTENT_HASH_LENGTH = 32;
const hmac = (secret: Buffer, text: string) => createHmac('sha256', secret).update(text).digest('base64url');

export class HmacIdentity implements Identity {
  readonly #secrets: Buffer[];
  readonly version: number;

  constructor(secret: string) {
    this.#secrets = parseIdentitySecret(secret).map((key) => Buffer.from(key, 'utf8'));
    this.version = this.#secrets.length;
  }

  #hash(domain: string, value: string, length?: number): string {
    // The domain prefix keeps an IIN and a phone with the same digits from ever sharing a key.
    let hash = hmac(this.#secrets[0] as Buffer, `${domain}\u0000${value}`).slice(0, length);
    for (const secret of this.#secrets.slice(1)) hash = hmac(secret, `rekey\u0000${hash}`).slice(0, length);
    return hash;
  }

  citizenKey(iin: string): string {
    return `c${this.version}.${this.#hash('iin', iin)}`;
  }

  phoneKey(phone: string): string {
    return `p${this.version}.${this.#hash('phone', phone)}`;
  }

  contentHash(content: unknown): string {
    return this.#hash('content', canonicalJson(content), CONTENT_HASH_LENGTH);
  }

  /**
   * A derived value of the previous version, re-keyed to this version (`c1.…` → `c2.…`; a content hash likewise),
   * without the IIN or phone it came from. Undefined when the value is not of the previous version.
   */
  rekey(value: string, kind: 'citizen' | 'phone' | 'content'): string | undefined {
    const secret = this.#secrets[this.version - 1];
    if (this.version < 2 || !secret) return undefined;
    if (kind === 'content') return hmac(secret, `rekey\u0000${value}`).slice(0, CONTENT_HASH_LENGTH);
    const prefix = `${kind === 'citizen' ? 'c' : 'p'}${this.version - 1}.`;
    if (!value.startsWith(prefix)) return undefined;
    return `${kind === 'citizen' ? 'c' : 'p'}${this.version}.${hmac(secret, `rekey\u0000${value.slice(prefix.length)}`)}`;
  }

  maskIin(iin: string): string {
    return maskIin(iin);
  }
}
