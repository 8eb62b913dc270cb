/**
 * Runs `total` operations with `concurrency` workers; each worker starts its next operation only when
 * the previous one has finished (a closed loop), so at most `concurrency` are ever in flight.
 */
export async function closedLoop(
  total: number,
  concurrency: number,
  op: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      await op(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}
