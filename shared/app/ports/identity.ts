/**
 * Turns personal identifiers into keyed hashes (BRIEF 4): the table never holds a raw IIN or phone. HMAC-SHA256 with a
 * secret from Secrets Manager (a local key in development and tests), so a leaked table cannot be reversed by
 * hashing every possible IIN.
 */
export interface Identity {
  /** The key version every derived key carries (`c<version>.…`, `p<version>.…`, `keyVersion` on stored facts). */
  readonly version: number;
  /** Stable key of a person, e.g. `c1.Xo3…`. */
  citizenKey(iin: string): string;
  phoneKey(phone: string): string;
  /** Keyed hash of an event's content, to tell a redelivery from a conflicting version without storing the content twice. */
  contentHash(content: unknown): string;
  maskIin(iin: string): string;
}
