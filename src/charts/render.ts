import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT } from './spec.js';

/** The font file, from the `dejavu-fonts-ttf` package: no system fonts, so every machine draws the same. */
const FONT_FILE = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

type Libraries = [typeof import('vega'), typeof import('vega-lite'), typeof import('@resvg/resvg-js')];
let libraries: Promise<Libraries> | undefined;

/** Vega and resvg are loaded with the first chart (about 150 ms and 40 MB), not when the app starts. */
function load(): Promise<Libraries> {
  libraries ??= Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  return libraries;
}

/** Vega-Lite → Vega → SVG, headless (`renderer: 'none'`: no canvas, no DOM). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await load();
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface Png {
  data: Buffer;
  width: number;
  height: number;
}

/** SVG → PNG with resvg, on a white background, with DejaVu Sans and system fonts off. */
export async function renderPng(svg: string): Promise<Png> {
  const [, , { Resvg }] = await load();
  const image = new Resvg(svg, {
    background: 'white',
    font: {
      loadSystemFonts: false,
      fontFiles: [FONT_FILE],
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
    },
  }).render();
  return { data: image.asPng(), width: image.width, height: image.height };
}
