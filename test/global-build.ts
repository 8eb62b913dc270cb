import { ensureBuilt } from '../scripts/build.mjs';

/**
 * Once before every test file: the app processes the tests start (restarts, two instances, SIGKILL)
 * run the compiled `dist/main.js`, as `npm start` does in production, so dist/ must be current.
 */
export default function setup(): void {
  ensureBuilt();
}
