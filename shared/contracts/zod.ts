import { config, memoizer } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * The one zod every runtime schema is built from: `zod/mini` (functional checks, `z.optional(x)`, `z.pipe`, …), ~80
 * KiB smaller than classic zod in every bundle and cheaper to build at module load (docs/architecture.md "Bundles").
 * Classic zod sets these two itself; mini leaves them to us, so they are set here, before any schema parses:
 * - the English messages, so reasons read as they always did (mini alone says only "Invalid input");
 * - the memoizer, so an input that refers to itself is handled as classic zod handles it.
 * Import zod from this module (`import * as z from './zod'`), never from `zod/mini` directly.
 */
config({ ...en(), memoizer: memoizer() });

export * from 'zod/mini';
