import {
  deadLetterQueuesVariable,
  nonEmpty,
  readEnvironment,
  upstreamQueuesVariable,
} from '../../shared/contracts/config';
import { ENV } from '../../shared/contracts/environment';
import * as z from '../../shared/contracts/zod';

export { ConfigurationError } from '../../shared/contracts/config';

export const ingestConfigSchema = z.object({
  [ENV.tableName]: nonEmpty,
  [ENV.identitySecretName]: nonEmpty,
  [ENV.changesQueueUrl]: z.url(),
  [ENV.deadLetterQueues]: deadLetterQueuesVariable,
  /** Which upstream queue each record came from (`eventSourceARN`), to check its producer (shared/contracts/producers.ts). */
  [ENV.upstreamQueues]: upstreamQueuesVariable,
});

export type IngestConfig = z.output<typeof ingestConfigSchema>;

/** Reads the function's environment once per cold start; a missing or malformed variable stops it with its name. */
export function ingestConfig(environment: NodeJS.ProcessEnv): IngestConfig {
  return readEnvironment(ingestConfigSchema, environment, 'ingest');
}
