import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { FactRecord } from '../../app/fact-record';
import type { Resolution } from '../../app/ports/fact-store';
import type { HmacIdentity } from '../identity';
import { RekeyError, rekeyFactRecord } from '../rekey';
import { isConditionFailure } from './conditions';
import { citizenChatsOwner, citizenOwner, factVersionKey, KEY_PREFIXES, memberKey } from './keys';
import { TABLE_KEYS } from './table';

const { byOwner, byList } = TABLE_KEYS;

type Item = Record<string, unknown>;
type Kind = 'facts' | 'members' | 'chats';

/** What one walk did: items moved to the new key version, items already there, items of kinds that hold no key. */
export interface RekeyCounts {
  rekeyed: Record<Kind, number>;
  alreadyCurrent: Record<Kind, number>;
  otherKinds: number;
}

/**
 * Moves every keyed item of the table from identity key version n−1 to n (docs/security.md "The identity key and its
 * rotation", step 3): facts, case members and chats. A paginated Scan — an operator's job run from `ops`, never a
 * Lambda (no function role may Scan). Idempotent and resumable: an item already at version n is left alone, each
 * rewrite in place is conditional on the item still holding the old key, and an item whose table key holds a keyed
 * value (a case member; a further version of a fact, filed under its content hash) moves by put-then-delete, so a
 * walk stopped anywhere is finished by running it again.
 */
export async function rekeyTable(
  documents: DynamoDBDocumentClient,
  tableName: string,
  identity: HmacIdentity,
): Promise<RekeyCounts> {
  if (identity.version < 2) throw new RekeyError('the secret has one key: append the new key before re-keying');
  const counts: RekeyCounts = {
    rekeyed: { facts: 0, members: 0, chats: 0 },
    alreadyCurrent: { facts: 0, members: 0, chats: 0 },
    otherKinds: 0,
  };
  const walker = new TableRekey(documents, tableName, identity);
  for await (const page of paginateScan({ client: documents }, { TableName: tableName, ConsistentRead: true })) {
    for (const item of page.Items ?? []) {
      const kind = kindOf(item);
      if (!kind) counts.otherKinds += 1;
      else if (await walker.rekey(kind, item)) counts.rekeyed[kind] += 1;
      else counts.alreadyCurrent[kind] += 1;
    }
  }
  return counts;
}

function kindOf(item: Item): Kind | undefined {
  const pk = String(item[TABLE_KEYS.partitionKey]);
  if (pk.startsWith(KEY_PREFIXES.event)) return 'facts';
  if (pk.startsWith(KEY_PREFIXES.member)) return 'members';
  if (pk.startsWith(KEY_PREFIXES.chat)) return 'chats';
  return undefined;
}

class TableRekey {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly identity: HmacIdentity,
  ) {}

  /** True when the item was moved; false when it already holds version n (or changed under the walk). */
  rekey(kind: Kind, item: Item): Promise<boolean> {
    if (kind === 'facts') return this.#fact(item);
    if (kind === 'members') return this.#member(item);
    return this.#chat(item);
  }

  #next(value: string, kind: 'citizen' | 'phone' | 'content'): string {
    const rekeyed = this.identity.rekey(value, kind);
    if (rekeyed === undefined)
      throw new RekeyError(`a stored ${kind} key is not of key version ${this.identity.version - 1}`);
    return rekeyed;
  }

  #isCurrent(key: string): boolean {
    return /^[cp](\d+)\./.exec(key)?.[1] === String(this.identity.version);
  }

  async #fact(item: Item): Promise<boolean> {
    const oldVersion = item.keyVersion;
    if (oldVersion === this.identity.version) return false;
    // Every attribute is kept (pk and sk hold no personal key); the keyed ones and those derived from them move.
    const next: Item = { ...rekeyFactRecord(item as unknown as FactRecord, this.identity) };
    if (item[byOwner.partitionKey] !== undefined) {
      next[byOwner.partitionKey] = next.owner;
      next[byOwner.sortKey] = next.ownerSort;
    }
    if (item.versions instanceof Set) {
      next.versions = new Set([...(item.versions as Set<string>)].map((hash) => this.#next(hash, 'content')));
    }
    const resolution = item.resolution as Resolution | undefined;
    if (resolution?.keep) next.resolution = { ...resolution, keep: this.#next(resolution.keep, 'content') };
    const sk = String(item[TABLE_KEYS.sortKey]);
    if (!sk.startsWith('V#')) return this.#put(next, 'keyVersion = :old', { ':old': oldVersion });
    // A further version is filed under its content hash, which moves too: put under the new hash, then delete.
    await this.#put({ ...next, ...factVersionKey(String(item.eventKey), String(next.contentHash)) });
    await this.#delete(item);
    return true;
  }

  async #member(item: Item): Promise<boolean> {
    const pk = String(item[TABLE_KEYS.partitionKey]);
    const split = pk.lastIndexOf('#');
    const caseId = pk.slice(KEY_PREFIXES.member.length, split);
    const citizenKey = pk.slice(split + 1);
    if (this.#isCurrent(citizenKey)) return false;
    const newKey = this.#next(citizenKey, 'citizen');
    // Put first, then delete: stopped in between, the next walk puts again (the same item) and deletes.
    await this.#put({ ...item, ...memberKey(caseId, newKey), [byList.partitionKey]: citizenOwner(newKey) });
    await this.#delete(item);
    return true;
  }

  async #chat(item: Item): Promise<boolean> {
    const next: Item = { ...item };
    const condition: string[] = [];
    const values: Item = {};
    for (const [field, kind] of [
      ['citizenKey', 'citizen'],
      ['linkedPhoneKey', 'phone'],
    ] as const) {
      const value = item[field];
      if (typeof value !== 'string' || this.#isCurrent(value)) continue;
      next[field] = this.#next(value, kind);
      condition.push(`${field} = :${field}`);
      values[`:${field}`] = value;
    }
    if (condition.length === 0) return false;
    if (item[byOwner.partitionKey] !== undefined && typeof next.citizenKey === 'string') {
      next[byOwner.partitionKey] = citizenChatsOwner(next.citizenKey);
    }
    // Conditional on the old keys: a chat the bot relinked or forgot meanwhile is not written back.
    return this.#put(next, condition.join(' AND '), values);
  }

  async #delete(item: Item): Promise<void> {
    const { partitionKey: pk, sortKey: sk } = TABLE_KEYS;
    await this.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: { [pk]: item[pk], [sk]: item[sk] } }),
    );
  }

  async #put(item: Item, condition?: string, values?: Item): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(condition ? { ConditionExpression: condition, ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
