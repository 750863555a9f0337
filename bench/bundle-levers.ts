import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { BUNDLE_ALIASES } from '../infra/constructs/bundling';
import {
  ANCHOR,
  type BuiltBundle,
  buildFunctionBundle,
  bytesByPackage,
  deployedOptions,
  FUNCTIONS,
  IMPORT_ENV,
  kib,
  medianImportMs,
  probeNode,
} from './bundles';

/**
 * `npx tsx bench/bundle-levers.ts`: the bundle size and cold import of every function and of the one-client anchor
 * under each step from the old bundling options to today's (docs/architecture.md, "Bundles"). Each step adds one
 * lever to the one before; import times are medians of fresh Node processes taking turns within a step.
 */
const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 11);

const before: BuildOptions = deployedOptions({ mainFields: undefined, alias: {}, sourcesContent: true });
const grammyWeb = { grammy: BUNDLE_ALIASES.grammy ?? '' };
const STEPS: { name: string; options: BuildOptions; nodeOptions: string }[] = [
  { name: 'before (CJS SDK, node-fetch, maps loaded)', options: before, nodeOptions: '--enable-source-maps' },
  {
    name: '+ mainFields module,main',
    options: { ...before, mainFields: ['module', 'main'] },
    nodeOptions: '--enable-source-maps',
  },
  {
    name: '+ grammY web build (global fetch)',
    options: { ...before, mainFields: ['module', 'main'], alias: grammyWeb },
    nodeOptions: '--enable-source-maps',
  },
  {
    name: '+ Lambda env credentials',
    options: { ...before, mainFields: ['module', 'main'], alias: { ...BUNDLE_ALIASES } },
    nodeOptions: '--enable-source-maps',
  },
  { name: '+ sourcesContent false', options: deployedOptions(), nodeOptions: '--enable-source-maps' },
  { name: '+ no --enable-source-maps (deployed)', options: deployedOptions(), nodeOptions: '' },
];

const targets = [ANCHOR, ...FUNCTIONS];
const dir = mkdtempSync(join(tmpdir(), 'bundle-levers-'));
const rows: Record<string, Record<string, string>> = {};
for (const [s, step] of STEPS.entries()) {
  const bundles: BuiltBundle[] = [];
  for (const [t, target] of targets.entries()) {
    bundles.push(await buildFunctionBundle(target.entry, join(dir, `${s}-${t}`), step.options));
  }
  const medians = medianImportMs(
    bundles.map(({ file }) => ({ file, nodeOptions: step.nodeOptions })),
    { runs: RUNS, env: IMPORT_ENV },
  );
  const anchorMs = medians[0] ?? 1;
  const row: Record<string, string> = Object.fromEntries(
    targets.map((target, t) => {
      const bundle = bundles[t];
      const ms = medians[t] ?? 0;
      const ratio = t === 0 ? '' : ` ${(ms / anchorMs).toFixed(2)}×`;
      return [target.name.split(' ')[0] ?? '', `${kib(bundle?.bytes ?? 0)} KiB ${ms} ms${ratio}`];
    }),
  );
  row.map = `${kib(bundles.reduce((max, b) => Math.max(max, b.mapBytes), 0))} KiB max`;
  rows[step.name] = row;
  if (s === STEPS.length - 1) {
    for (const [t, bundle] of bundles.entries()) {
      const top = bytesByPackage(bundle.metafile)
        .slice(0, 8)
        .map(([name, bytes]) => `${name} ${kib(bytes)}`);
      console.log(`${targets[t]?.name}: ${top.join(', ')}`);
    }
  }
}
console.log(
  `median of ${RUNS} imports per bundle, ${execFileSync(probeNode(), ['--version'], { encoding: 'utf8' }).trim()}`,
);
console.table(rows);
