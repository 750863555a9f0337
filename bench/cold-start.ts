import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ANCHOR,
  buildFunctionBundle,
  FUNCTIONS,
  IMPORT_ENV,
  kib,
  medianImportMs,
  probeNode,
  synthesizedBundleKiB,
} from './bundles';

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 20);

export interface ColdStartFigure {
  name: string;
  bundleKiB: number;
  importMsMedian: number;
  /** Import time over the anchor's, measured in the same rounds. */
  importRatio: number;
  bundleRatio: number;
}

/**
 * Per function: the bundle Lambda loads, built with the CDK app's own options (infra/constructs/bundling.ts, AWS SDK
 * inside), and the median time a fresh Node process (Lambda's Node 24 when installed) takes to import it, as deployed
 * (no NODE_OPTIONS) — the part of a cold start that is ours; Lambda's own init and the first network calls come on
 * top. The anchor, one DynamoDB client and a `GetItem` bundled the same way (bench/anchor-one-client.ts), is built
 * and imported in the same run, taking turns with the functions, so the ratios hold on a busy machine. Prints its
 * table and returns its rows, the anchor first.
 */
export async function runColdStartBench(): Promise<ColdStartFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cold-start-'));
  const targets = [ANCHOR, ...FUNCTIONS];
  const sizes: number[] = [];
  const files: string[] = [];
  for (const [i, target] of targets.entries()) {
    const bundle = await buildFunctionBundle(target.entry, join(dir, `${i}`));
    sizes.push(kib(bundle.bytes));
    files.push(bundle.file);
  }
  const node = probeNode();
  const medians = medianImportMs(
    files.map((file) => ({ file })),
    { runs: RUNS, env: IMPORT_ENV, node },
  );
  const [anchorKiB = 1, anchorMs = 1] = [sizes[0], medians[0]];
  const figures = targets.map((target, i) => ({
    name: target.name,
    bundleKiB: sizes[i] ?? 0,
    importMsMedian: medians[i] ?? 0,
    importRatio: +((medians[i] ?? 0) / anchorMs).toFixed(2),
    bundleRatio: +((sizes[i] ?? 0) / anchorKiB).toFixed(2),
  }));
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  console.log(
    `\ncold start: bundle as the CDK app builds it, median import in a fresh Node ${version} process ` +
      `(${RUNS} rounds, bundles taking turns), ratios to the anchor; targets KiB ingest ≤ 520, notify ≤ 620, ` +
      'bot ≤ 560, import ≤ 1.5× the anchor',
  );
  // The same bundles as the CDK app's assets: the last `npm run synth` is shown beside them when there is one.
  const synthesized = synthesizedBundleKiB();
  console.table(
    Object.fromEntries(
      figures.map((f) => [
        f.name,
        {
          'bundle KiB': f.bundleKiB,
          'cdk.out KiB': synthesized.get(f.name) ?? '',
          '× anchor KiB': f.bundleRatio,
          'import ms': f.importMsMedian,
          '× anchor ms': f.importRatio,
        },
      ]),
    ),
  );
  return figures;
}
