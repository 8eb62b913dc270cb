import { existsSync } from 'node:fs';
import { startFinetuneApp } from './app.js';
import { formatConfigProblems, parseConfig } from './config.js';

/** `npm start`: read `.env` when there is one, validate, run until SIGINT/SIGTERM. */
if (existsSync('.env')) process.loadEnvFile('.env');

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  console.error(formatConfigProblems(parsed.problems));
  process.exit(1);
}

try {
  const running = await startFinetuneApp({ config: parsed.config });
  // A stray rejection must never take the bot down; it is logged with its stack.
  process.on('unhandledRejection', (err) => running.deps.logger.error({ err }, 'unhandled rejection'));
  const shutdown = async (signal: string) => {
    running.deps.logger.info({ signal }, 'shutting down');
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`finetune-bot could not start: ${message}`);
  process.exit(1);
}
