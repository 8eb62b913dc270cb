import { openaiApi } from './lib/provider-api.js';
import { runScale } from './lib/scale-scenario.js';
import type { Benchmark } from './lib/types.js';

const benchmark: Benchmark = {
  title: 'Poller at scale on the OpenAI shape: calls, pass time, store reads, memory of the compiled app',
  description:
    'At 10,000 watches over 2,000 jobs (500 training, 1,500 waiting), a pass should cost at most 1.2× the ' +
    'stated lower bound and at least 100× fewer calls than a GET per watch, take ≤ 2 s with 50 ms of API ' +
    'latency and read no watch record when nothing changed; the app process should stay ≤ 200 MB ' +
    'throughout, seeding included.',
  run: () => runScale(openaiApi),
};
export default benchmark;
