/** Samples the process RSS every `everyMs` until stopped; returns the peak in MB. */
export function sampleRss(everyMs = 20): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss) / 2 ** 20;
    },
  };
}

export const rssMb = () => process.memoryUsage().rss / 2 ** 20;
