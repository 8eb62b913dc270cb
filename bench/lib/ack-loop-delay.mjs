// Preloaded into a benchmark's child process (`node --import <this> …`): measures the child's own
// event-loop delay with perf_hooks.monitorEventLoopDelay, so the numbers come from inside the app and
// not from the load generator. Needs an IPC channel (spawn with stdio 'ipc'); the parent sends
// 'loop-delay:reset' before a measured round and 'loop-delay:read' after it, and gets one message back:
// {loopDelay: {p50, p99, max, count}} in milliseconds. Plain JavaScript, so plain `node` loads it.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const ms = (ns) => ns / 1e6;

process.on('message', (m) => {
  if (m === 'loop-delay:reset') histogram.reset();
  else if (m === 'loop-delay:read') {
    process.send?.({
      loopDelay: {
        p50: ms(histogram.percentile(50)),
        p99: ms(histogram.percentile(99)),
        max: ms(histogram.max),
        count: histogram.count,
      },
    });
  }
});
// The IPC channel must not keep a process alive that would otherwise exit.
process.channel?.unref();
