/**
 * A one-line progress bar on stderr (stdout stays a clean report). Redrawn at most every
 * 200 ms; without a terminal it prints a line every 10 %.
 */
export class Progress {
  readonly #label: string;
  readonly #total: number;
  readonly #started = Date.now();
  #lastDraw = 0;
  #lastDecile = -1;

  constructor(label: string, total: number) {
    this.#label = label;
    this.#total = Math.max(1, total);
  }

  update(done: number): void {
    const now = Date.now();
    if (process.stderr.isTTY) {
      if (now - this.#lastDraw < 200 && done < this.#total) return;
      this.#lastDraw = now;
      process.stderr.write(`\r${this.#line(done)}`);
      return;
    }
    const decile = Math.floor((done / this.#total) * 10);
    if (decile === this.#lastDecile) return;
    this.#lastDecile = decile;
    process.stderr.write(`${this.#line(done)}\n`);
  }

  finish(): void {
    if (process.stderr.isTTY) process.stderr.write(`\r${this.#line(this.#total)}\n`);
    else if (this.#lastDecile < 10) process.stderr.write(`${this.#line(this.#total)}\n`);
  }

  #line(done: number): string {
    const share = Math.min(1, done / this.#total);
    const width = 30;
    const filled = Math.round(share * width);
    const seconds = (Date.now() - this.#started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? (this.#total - done) / rate : 0;
    return (
      `[e2e] ${this.#label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` +
      `${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${this.#total.toLocaleString('en-US')} ` +
      `${rate.toFixed(0)}/s ${seconds.toFixed(0)}s${done < this.#total ? ` eta ${eta.toFixed(0)}s` : ''}`
    );
  }
}
