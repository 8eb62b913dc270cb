import { SANDBOX_DIALECTS } from './dialects.js';
import { startSandbox } from './index.js';

/**
 * `npm run sandbox`: the sandbox on its own, for pointing a separately started bot (or curl) at it.
 * SANDBOX_PORT (default 4010), SANDBOX_SPEED (default 1), SANDBOX_DIALECT (mistral, together or
 * openai: whose wire format it speaks; default mistral) and SANDBOX_MAX_RUNNING (at most this many
 * jobs train at once, the rest wait queued; default no cap) tune it; SANDBOX_SEED=false starts it
 * without the sample files and jobs.
 */
function envNumber(name: string, fallback: number, valid: (n: number) => boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!valid(n)) {
    console.error(`${name} must be a valid number (got "${raw}").`);
    process.exit(2);
  }
  return n;
}

const port = envNumber('SANDBOX_PORT', 4010, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
const speed = envNumber('SANDBOX_SPEED', 1, (n) => Number.isFinite(n) && n > 0);
const maxRunning = envNumber('SANDBOX_MAX_RUNNING', 0, (n) => Number.isInteger(n) && n >= 0);
const dialectName = process.env.SANDBOX_DIALECT || 'mistral';
const dialect = SANDBOX_DIALECTS.find((d) => d === dialectName);
if (!dialect) {
  console.error(`SANDBOX_DIALECT must be one of ${SANDBOX_DIALECTS.join(', ')} (got "${dialectName}").`);
  process.exit(2);
}
const sandbox = await startSandbox({
  port,
  speed,
  dialect,
  apiKey: process.env.SANDBOX_API_KEY || undefined,
  ...(maxRunning > 0 ? { maxRunning } : {}),
  seed: !['false', '0', 'no'].includes((process.env.SANDBOX_SEED ?? '').toLowerCase()),
});
const capped = maxRunning > 0 ? `, at most ${maxRunning} jobs training at once` : '';
console.log(`${sandbox.label} listening on ${sandbox.url} (speed ×${speed}${capped}).`);
console.log(
  dialect === 'mistral'
    ? `Point the SDK at it: new Mistral({ serverURL: '${sandbox.url}', apiKey: 'sandbox' })`
    : `Point the SDK at it: baseURL '${sandbox.url}/v1', any API key`,
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the sandbox.`);
  await sandbox.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
