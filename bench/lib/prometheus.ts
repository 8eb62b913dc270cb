interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One scrape of a Prometheus text endpoint. */
export interface Scrape {
  /**
   * The sum of every sample of `name` whose labels include `labels`, or undefined when the
   * endpoint exports no such sample (a metric this version of the app does not have).
   */
  get(name: string, labels?: Record<string, string>): number | undefined;
}

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheus(text: string): Scrape {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1] as string] = l[2] as string;
    samples.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return {
    get(name, want = {}) {
      const hits = samples.filter(
        (s) => s.name === name && Object.entries(want).every(([k, v]) => s.labels[k] === v),
      );
      return hits.length === 0 ? undefined : hits.reduce((a, s) => a + s.value, 0);
    },
  };
}

export async function scrape(url: string): Promise<Scrape> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return parsePrometheus(await res.text());
}
