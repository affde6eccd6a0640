import { AlliError } from '../model/errors.js';

/** A wait that an abort ends at once (rejecting with `AlliError('aborted', reason)`), its timer cleared. */
export function abortableDelay(ms: number, signal: AbortSignal, reason: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new AlliError('aborted', reason));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AlliError('aborted', reason));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
