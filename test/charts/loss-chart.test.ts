import { describe, expect, it } from 'vitest';
import { renderCompareChart, renderLossChart } from '../../src/charts/index.js';
import { jobWithCheckpoints } from './fixtures.js';
import { readIhdr } from './png.js';

const JOB = 'ftjob-abc123def456';

/** The data points Vega drew: one `<path role="graphics-symbol">` per point, labelled with its data. */
function points(svg: string) {
  return [
    ...svg.matchAll(
      /<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="point"[^>]*transform="translate\(([-\d.e]+),([-\d.e]+)\)"/g,
    ),
  ].map((m) => {
    const label = Object.fromEntries(
      (m[1] as string).split('; ').map((kv) => kv.split(': ') as [string, string]),
    );
    return { label, x: Number(m[2]), y: Number(m[3]) };
  });
}

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('the loss chart of a job', () => {
  const steps = [10, 20, 40, 80];

  it('titles the chart with the job id and labels both axes', async () => {
    const { svg } = await renderLossChart(jobWithCheckpoints(JOB, steps));
    const t = texts(svg);
    expect(t).toContain(`Loss · ${JOB}`);
    expect(t).toContain('Step');
    expect(t).toContain('Loss');
  });

  it('draws the training and the validation series, each with a point at every checkpoint', async () => {
    const { svg } = await renderLossChart(jobWithCheckpoints(JOB, steps));
    expect(texts(svg)).toEqual(expect.arrayContaining(['Training loss', 'Validation loss']));
    const drawn = points(svg);
    for (const series of ['Training loss', 'Validation loss']) {
      const mine = drawn.filter((p) => p.label.series === series);
      expect(mine.map((p) => Number(p.label.Step))).toEqual(steps);
      // x is linear in the step: the first checkpoint at the left edge, the last at the right (720 px).
      const xs = mine.map((p) => p.x);
      expect(xs[0]).toBeCloseTo(0, 3);
      expect(xs[3]).toBeCloseTo(720, 3);
      expect(xs[1]).toBeCloseTo((720 * (20 - 10)) / (80 - 10), 3);
    }
    // Loss falls, so each later training point sits lower on the chart (a larger y in SVG).
    const trainY = drawn.filter((p) => p.label.series === 'Training loss').map((p) => p.y);
    expect([...trainY].sort((a, b) => a - b)).toEqual(trainY);
  });

  it('adds the accuracy on its own axis only when the provider reports one', async () => {
    const without = await renderLossChart(jobWithCheckpoints(JOB, steps));
    expect(texts(without.svg)).not.toContain('Accuracy');
    const withAcc = await renderLossChart(jobWithCheckpoints(JOB, steps, { accuracy: true }));
    expect(texts(withAcc.svg)).toEqual(expect.arrayContaining(['Accuracy', 'Validation accuracy']));
    expect(points(withAcc.svg).filter((p) => p.label.series === 'Validation accuracy')).toHaveLength(4);
  });

  it('renders a PNG of the chart with a fixed size, the same bytes every time', async () => {
    const job = jobWithCheckpoints(JOB, steps, { accuracy: true });
    const a = await renderLossChart(job);
    const b = await renderLossChart(job);
    const ihdr = readIhdr(a.png.data);
    expect({ width: ihdr.width, height: ihdr.height }).toEqual({ width: a.png.width, height: a.png.height });
    expect(ihdr.width).toBeGreaterThan(720);
    expect(ihdr.width).toBeLessThan(1100);
    expect(ihdr.height).toBeGreaterThan(320);
    expect(ihdr.height).toBeLessThan(520);
    expect(a.png.data.length).toBeGreaterThan(10_000);
    expect(a.png.data.length).toBeLessThan(200_000);
    expect(b.svg).toBe(a.svg);
    expect(Buffer.compare(a.png.data, b.png.data)).toBe(0);
  });

  it('escapes text from the API that it draws (the model name in the subtitle)', async () => {
    const job = { ...jobWithCheckpoints(JOB, steps), model: 'ft:<b>evil</b>&"x"' };
    const { svg, png } = await renderLossChart(job);
    expect(svg).not.toContain('<b>evil</b>');
    expect(svg).toContain('ft:&lt;b&gt;evil&lt;/b&gt;&amp;');
    expect(readIhdr(png.data).width).toBe(png.width);
  });

  it('says what it shows in the alt text', async () => {
    const { altText } = await renderLossChart(jobWithCheckpoints(JOB, steps));
    expect(altText).toContain(JOB);
    expect(altText).toContain('training loss 1.4 at step 80');
    expect(altText.length).toBeLessThanOrEqual(1000);
  });
});

describe('the comparison chart', () => {
  it('overlays the validation loss of each job, one line per job id', async () => {
    const a = jobWithCheckpoints('ftjob-aaaaaaaa1111', [10, 20, 30]);
    const b = jobWithCheckpoints('ftjob-bbbbbbbb2222', [10, 20, 30, 40]);
    const { svg, png } = await renderCompareChart([a, b]);
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['Validation loss', 'Step', a.id, b.id]));
    const drawn = points(svg);
    expect(drawn.filter((p) => p.label.Job === a.id)).toHaveLength(3);
    expect(drawn.filter((p) => p.label.Job === b.id)).toHaveLength(4);
    expect(readIhdr(png.data).width).toBe(png.width);
  });
});
