import { SANDBOX_DIALECTS } from './dialects.js';
import { startSandbox } from './index.js';

/**
 * `npm run sandbox`: the sandbox on its own, for pointing a separately started bot (or curl) at it.
 * SANDBOX_PORT (default 4010), SANDBOX_SPEED (default 1) and SANDBOX_DIALECT (mistral, together or
 * openai: whose wire format it speaks; default mistral) tune it.
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
});
console.log(`${sandbox.label} listening on ${sandbox.url} (speed ×${speed}).`);
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
