/** Human-readable times for messages a user reads in the console. */

/** `2026-11-28 06:00:00 UTC` (to the second; always UTC). */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A rough duration: `45 seconds`, `12 minutes`, `3 hours`, `9 days`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(Math.round(ms / 1000), 0);
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
