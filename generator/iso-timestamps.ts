const dayMs = 86_400_000;
const secondsPerDay = 86_400;

/**
 * Formats whole-second timestamps exactly like Date#toISOString, several
 * times faster: the date part is computed once per day and cached (the
 * generator's two-year window has under a thousand days) and so is the
 * time-of-day part, so a timestamp is one concatenation of two cached
 * strings. Timestamp formatting was the generator's top cost.
 */
export class IsoTimestamps {
  readonly #dayPrefixes = new Map<number, string>();
  readonly #timesOfDay: (string | undefined)[] = new Array<string | undefined>(secondsPerDay);
  readonly #date = new Date(0);

  /** ISO 8601 UTC string of `ms`, truncated to whole seconds ('2025-05-31T23:59:59.000Z'). */
  format(ms: number): string {
    const day = Math.floor(ms / dayMs);
    let prefix = this.#dayPrefixes.get(day);
    if (prefix === undefined) {
      this.#date.setTime(day * dayMs);
      prefix = this.#date.toISOString().slice(0, 11);
      this.#dayPrefixes.set(day, prefix);
    }
    const second = Math.floor((ms - day * dayMs) / 1000);
    let time = this.#timesOfDay[second];
    if (time === undefined) {
      this.#date.setTime(second * 1000);
      time = this.#date.toISOString().slice(11);
      this.#timesOfDay[second] = time;
    }
    return prefix + time;
  }
}
