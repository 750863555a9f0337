import { type FactRecord, withKeyedFields } from '../app/fact-record';
import type { HmacIdentity } from './identity';

export class RekeyError extends Error {
  constructor(problem: string) {
    super(`re-key: ${problem}`);
    this.name = 'RekeyError';
  }
}

/**
 * One stored fact moved from identity key version n−1 to n (the rotation path in docs/security.md): every keyed
 * field, the content hash and the owner index are re-keyed from the values themselves — no IIN or phone is needed, and
 * the result equals what the ingest makes from the raw event with the new key.
 */
export function rekeyFactRecord(record: FactRecord, identity: HmacIdentity): FactRecord {
  if (record.keyVersion !== identity.version - 1) {
    throw new RekeyError(`record has key version ${record.keyVersion}, expected ${identity.version - 1}`);
  }
  const next = (value: string, kind: 'citizen' | 'phone' | 'content') => {
    const rekeyed = identity.rekey(value, kind);
    if (rekeyed === undefined) throw new RekeyError(`a ${kind} value is not of key version ${record.keyVersion}`);
    return rekeyed;
  };
  const rekeyText = (text: string) =>
    text.replace(new RegExp(`c${record.keyVersion}\\.[A-Za-z0-9_-]+`, 'g'), (key) => next(key, 'citizen'));
  return {
    ...withKeyedFields(record, next),
    keyVersion: identity.version,
    contentHash: next(record.contentHash, 'content'),
    owner: rekeyText(record.owner),
    ownerSort: rekeyText(record.ownerSort),
    caseMembers: record.caseMembers.map((member) => ({ ...member, citizenKey: next(member.citizenKey, 'citizen') })),
  };
}
