import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderContractFiles } from './json-schema';

/** `npm run contracts:generate`: rewrites `docs/events/` from the zod schemas (a test fails when it is stale). */
const target = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'events');
for (const entry of readdirSync(target, { withFileTypes: true })) {
  if (entry.name.endsWith('.json') || entry.name === 'examples') rmSync(join(target, entry.name), { recursive: true });
}
for (const file of renderContractFiles()) {
  const path = join(target, file.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, file.content);
}
console.error(`wrote ${renderContractFiles().length} files to docs/events/`);
