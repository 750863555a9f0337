import { canonicalJson } from '../domain/event-log';
import { UPSTREAM_EVENT_SCHEMAS, upstreamEventSchema } from './events';
import { OUTBOUND_EXAMPLES, UPSTREAM_EXAMPLES } from './examples';
import { OUTBOUND_EVENT_SCHEMAS } from './outbound';
import * as z from './zod';

/** A file of the published contract, relative to `docs/events/`. */
export interface ContractFile {
  path: string;
  content: string;
}

function pretty(value: unknown): string {
  // Canonical key order first, so the files change only when the contract does.
  return `${JSON.stringify(JSON.parse(canonicalJson(value)), null, 2)}\n`;
}

function schemaOf(schema: z.ZodMiniType, id: string): string {
  return pretty({ $id: id, ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) });
}

/**
 * The JSON Schema files integrators read, generated from the zod schemas (never written by hand): one per event
 * type, one for the union of upstream events, and one example message per type.
 */
export function renderContractFiles(): ContractFile[] {
  const files: ContractFile[] = [
    { path: 'upstream-event.schema.json', content: schemaOf(upstreamEventSchema, 'upstream-event.schema.json') },
  ];
  for (const [type, schema] of [...Object.entries(UPSTREAM_EVENT_SCHEMAS), ...Object.entries(OUTBOUND_EVENT_SCHEMAS)]) {
    files.push({ path: `${type}.schema.json`, content: schemaOf(schema, `${type}.schema.json`) });
  }
  for (const example of [...UPSTREAM_EXAMPLES, ...OUTBOUND_EXAMPLES]) {
    files.push({ path: `examples/${example.type}.json`, content: `${JSON.stringify(example, null, 2)}\n` });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
