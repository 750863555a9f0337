import { describe, expect, it } from 'vitest';
import { HmacIdentity, IdentitySecretError } from '../../shared/adapters/identity';
import { RekeyError, rekeyFactRecord } from '../../shared/adapters/rekey';
import { toFactRecord } from '../../shared/app/fact-record';
import { application, contact, IIN, payment } from '../helpers/events';

const first = 'first-identity-key-0123456789abcdef-0123';
const second = 'second-identity-key-0123456789abcdef-012';
const v1 = new HmacIdentity(first);
const v2 = new HmacIdentity(JSON.stringify({ keys: [first, second] }));

describe('identity keys and their rotation', () => {
  it('stamps the key version on every derived key and stored fact', () => {
    expect(v1.citizenKey(IIN.aigerim)).toMatch(/^c1\./);
    expect(v2.citizenKey(IIN.aigerim)).toMatch(/^c2\./);
    expect(v2.phoneKey('+77015550123')).toMatch(/^p2\./);
    expect(toFactRecord(payment(), v2).keyVersion).toBe(2);
    // A rotated key finds no one with the old key alone.
    expect(v2.citizenKey(IIN.aigerim).slice(3)).not.toBe(v1.citizenKey(IIN.aigerim).slice(3));
  });

  it('re-keys a stored fact without its IIN to exactly what the new key makes from the raw event', () => {
    for (const event of [payment(), contact(), application({ patientIin: IIN.dana })]) {
      expect(rekeyFactRecord(toFactRecord(event, v1), v2)).toEqual(toFactRecord(event, v2));
    }
  });

  it('refuses to re-key a fact of another version, and a malformed or short secret', () => {
    expect(() => rekeyFactRecord(toFactRecord(payment(), v2), v2)).toThrow(RekeyError);
    expect(() => new HmacIdentity('{"keys": ')).toThrow(IdentitySecretError);
    expect(() => new HmacIdentity(JSON.stringify({ keys: [first, 'short'] }))).toThrow(/at least 32/);
    expect(() => new HmacIdentity(JSON.stringify({ keys: [] }))).toThrow(IdentitySecretError);
  });
});
