import { togetherApi } from './lib/provider-api.js';
import { runScale } from './lib/scale-scenario.js';
import type { Benchmark } from './lib/types.js';

const benchmark: Benchmark = {
  title: 'Poller at scale on Together: calls, pass time, store reads, memory of the compiled app',
  description:
    'The same 10,000 watches over 2,000 jobs as `poller-scale`, on Together, whose list is every job in one ' +
    'call: status detection costs one call, so a pass is that call plus the GETs of changed jobs and of ' +
    'the cards the edit budget can refresh.',
  run: () => runScale(togetherApi),
};
export default benchmark;
