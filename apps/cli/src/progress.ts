/** Where a progress bar goes: a terminal (redrawn in place) or a log (a line every 10%). */
export type Progress = NodeJS.WritableStream & { isTTY?: boolean };

/** A one-line progress bar on a terminal; a line every 10% elsewhere (CI logs). */
export function progressBar(total: number, unit: string, out: Progress | undefined) {
  let lastDecile = -1;
  const render = (done: number, elapsedMs: number) => {
    const ratio = total === 0 ? 1 : done / total;
    const rate = Math.round(done / Math.max(elapsedMs / 1000, 0.001));
    const width = 30;
    const filled = Math.round(ratio * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit}, ${rate.toLocaleString('en-US')}/s`;
  };
  return {
    update(done: number, elapsedMs: number) {
      if (!out) return;
      if (out.isTTY) {
        out.write(`\r${render(done, elapsedMs)}`);
        return;
      }
      const decile = Math.floor((total === 0 ? 1 : done / total) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        out.write(`${render(done, elapsedMs)}\n`);
      }
    },
    done() {
      if (out?.isTTY) out.write('\n');
    },
  };
}
