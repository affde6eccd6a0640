/**
 * Notices a stream that went quiet: `poke()` on every sign of life (bytes, events, upload
 * progress); if none comes for `timeoutMs`, `onIdle` runs once. One timer at most, re-armed
 * lazily (a poke only records the time, so thousands of chunks do not churn timers).
 * Pure: `setTimeout` and `Date.now` only, so fake timers drive it.
 */
export class IdleWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = 0;
  private fired = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onIdle: () => void,
  ) {}

  /** Starts watching (0 or a negative timeout disables the watchdog). */
  start(): this {
    if (this.timeoutMs > 0 && !this.fired) {
      this.last = Date.now();
      this.arm(this.timeoutMs);
    }
    return this;
  }

  poke(): void {
    this.last = Date.now();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(delay: number): void {
    this.timer = setTimeout(() => this.check(), delay);
  }

  private check(): void {
    this.timer = undefined;
    const quiet = Date.now() - this.last;
    if (quiet >= this.timeoutMs) {
      this.fired = true;
      this.onIdle();
    } else {
      this.arm(this.timeoutMs - quiet);
    }
  }
}
