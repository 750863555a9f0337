import { createHmac } from 'node:crypto';
import { canonicalJson } from '../domain/event-log';
import { maskIin } from '../domain/iin';

/**
 * Turns personal identifiers into keyed hashes (BRIEF 4): the table never holds a raw IIN or phone. HMAC-SHA256 with a
 * secret from Secrets Manager (a local key in development and tests), so a leaked table cannot be reversed by
 * hashing every possible IIN.
 */
export interface Identity {
  /** Stable key of a person, e.g. `c1.Xo3…`. */
  citizenKey(iin: string): string;
  phoneKey(phone: string): string;
  /** Keyed hash of an event's content, to tell a redelivery from a conflicting version without storing the content twice. */
  contentHash(content: unknown): string;
  maskIin(iin: string): string;
}

/** Minimum secret length: 32 bytes of entropy, as HMAC-SHA256 wants. */
export const MIN_IDENTITY_SECRET_LENGTH = 32;

export class IdentitySecretError extends Error {
  constructor(problem: string) {
    super(`identity secret: ${problem}`);
    this.name = 'IdentitySecretError';
  }
}

export class HmacIdentity implements Identity {
  readonly #secret: Buffer;

  constructor(secret: string) {
    if (secret.length < MIN_IDENTITY_SECRET_LENGTH) {
      throw new IdentitySecretError(`must be at least ${MIN_IDENTITY_SECRET_LENGTH} characters`);
    }
    this.#secret = Buffer.from(secret, 'utf8');
  }

  #hash(domain: string, value: string): string {
    // The domain prefix keeps an IIN and a phone with the same digits from ever sharing a key.
    return createHmac('sha256', this.#secret).update(`${domain}\u0000${value}`).digest('base64url');
  }

  citizenKey(iin: string): string {
    return `c1.${this.#hash('iin', iin)}`;
  }

  phoneKey(phone: string): string {
    return `p1.${this.#hash('phone', phone)}`;
  }

  contentHash(content: unknown): string {
    return this.#hash('content', canonicalJson(content)).slice(0, 32);
  }

  maskIin(iin: string): string {
    return maskIin(iin);
  }
}
