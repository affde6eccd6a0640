/** Seconds left until `at` (epoch ms), at least 1: for "retrying in N s". */
export function secondsUntil(at: number): number {
  return Math.max(1, Math.ceil((at - Date.now()) / 1000));
}
