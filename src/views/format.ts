/** Number formatting for people: durations, money, counts and metrics. */

const UNITS = [
  { size: 86_400, label: 'd' },
  { size: 3600, label: 'h' },
  { size: 60, label: 'min' },
] as const;

/** "45 s", "5 min", "1 h 5 min", "2 d 3 h": the two largest units, rounded to minutes past a minute. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown';
  if (Math.round(seconds) < 60) return `${Math.round(seconds)} s`;
  let rest = Math.round(seconds / 60) * 60;
  const parts: string[] = [];
  for (const unit of UNITS) {
    const n = Math.floor(rest / unit.size);
    rest -= n * unit.size;
    if (n > 0 || parts.length > 0) parts.push(`${n} ${unit.label}`);
  }
  return parts
    .slice(0, 2)
    .filter((p) => !p.startsWith('0 '))
    .join(' ');
}

/** "4.00 USD"; sub-cent costs keep two significant digits so they do not read as free. */
export function formatCost(cost: number, currency?: string | null): string {
  const amount = cost > 0 && cost < 0.01 ? cost.toPrecision(2) : cost.toFixed(2);
  return currency ? `${amount} ${currency}` : amount;
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "1,234,567": token counts are unreadable without separators. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** Losses and accuracies with 4 significant digits, trailing zeros dropped: "0.4321", "1.76". */
export function formatMetric(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toPrecision(4)));
}

/** ISO 8601 without milliseconds, for clients that cannot render date tokens. */
export function isoSeconds(unix: number): string {
  return new Date(Math.floor(unix) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A Slack date token: each reader sees the time in their own time zone. */
export function dateToken(unix: number): string {
  if (!Number.isFinite(unix)) return 'unknown time';
  const t = Math.floor(unix);
  return `<!date^${t}^{date_short_pretty} {time}|${isoSeconds(t)}>`;
}

/**
 * The checkpoint metrics a reader looks for, spelled one way everywhere (card, thread reply,
 * terminal summary). `asCode` puts each number in a code span, as the card does.
 */
export function metricParts(
  m:
    | { train_loss?: number | null; valid_loss?: number | null; valid_mean_token_accuracy?: number | null }
    | undefined,
  opts: { asCode?: boolean; accuracy?: boolean } = {},
): string[] {
  const show = (n: number) => (opts.asCode ? `\`${formatMetric(n)}\`` : formatMetric(n));
  const parts: string[] = [];
  if (m?.train_loss != null) parts.push(`train loss ${show(m.train_loss)}`);
  if (m?.valid_loss != null) parts.push(`valid loss ${show(m.valid_loss)}`);
  // Accuracy is not a 0–1 fraction on Mistral, so no % sign.
  if (opts.accuracy !== false && m?.valid_mean_token_accuracy != null)
    parts.push(`valid mean token accuracy ${show(m.valid_mean_token_accuracy)}`);
  return parts;
}
