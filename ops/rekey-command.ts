import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { rekeyTable } from '../shared/adapters/dynamodb/rekey-table';
import { HmacIdentity, IdentitySecretError } from '../shared/adapters/identity';
import type { CommandOutput } from './commands';
import { UsageError } from './errors';

export const REKEY_USAGE = `rekey --table NAME --secret-file PATH        move every fact, case member and chat to the newest identity
                                              key (docs/security.md#identity-key); the file holds the secret
                                              {"keys": [...]} with the new key appended (never argv)`;

function readIdentity(path: string): HmacIdentity {
  let secret: string;
  try {
    secret = readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new UsageError(`secret file ${path} cannot be read (${(error as NodeJS.ErrnoException).code})`, {
      cause: error,
    });
  }
  try {
    return new HmacIdentity(secret);
  } catch (error) {
    if (error instanceof IdentitySecretError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

/** `rekey --table NAME --secret-file PATH`: step 3 of the identity key rotation, with AWS credentials. */
export async function rekey(args: string[]): Promise<CommandOutput> {
  const { values } = parseArgs({
    args,
    options: { table: { type: 'string' }, 'secret-file': { type: 'string' } },
  });
  if (!values.table || !values['secret-file'])
    throw new UsageError(`rekey needs --table and --secret-file\n${REKEY_USAGE}`);
  const identity = readIdentity(values['secret-file']);
  if (identity.version < 2) throw new UsageError('the secret has one key: append the new key to "keys" first');
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const counts = await rekeyTable(documents, values.table, identity);
  return { table: values.table, keyVersion: identity.version, ...counts };
}
