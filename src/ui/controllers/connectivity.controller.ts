/**
 * The page's connection and visibility, for the element that owns it: `online`/`offline` on
 * `window` and `visibilitychange` on `document`, listened to only while the host is connected
 * (added in `hostConnected`, removed in `hostDisconnected`, so connecting and disconnecting
 * the element any number of times leaves no listener behind).
 *
 * `online` starts from `navigator.onLine` and then follows the events: browsers fire them when
 * the OS says so, and tests fire them to simulate it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface ConnectivityCallbacks {
  onOnline?(): void;
  onOffline?(): void;
  /** The page became visible again (e.g. after the laptop slept): time to check the token. */
  onVisible?(): void;
}

export class ConnectivityController implements ReactiveController {
  private onlineState = true;
  private connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly callbacks: ConnectivityCallbacks,
  ) {
    host.addController(this);
  }

  get online(): boolean {
    return this.onlineState;
  }

  hostConnected(): void {
    if (this.connected) return;
    this.connected = true;
    this.onlineState = globalThis.navigator?.onLine ?? true;
    globalThis.addEventListener?.('online', this.handleOnline);
    globalThis.addEventListener?.('offline', this.handleOffline);
    globalThis.document?.addEventListener('visibilitychange', this.handleVisibility);
  }

  hostDisconnected(): void {
    if (!this.connected) return;
    this.connected = false;
    globalThis.removeEventListener?.('online', this.handleOnline);
    globalThis.removeEventListener?.('offline', this.handleOffline);
    globalThis.document?.removeEventListener('visibilitychange', this.handleVisibility);
  }

  private readonly handleOnline = (): void => {
    this.onlineState = true;
    this.callbacks.onOnline?.();
  };

  private readonly handleOffline = (): void => {
    this.onlineState = false;
    this.callbacks.onOffline?.();
  };

  private readonly handleVisibility = (): void => {
    if (globalThis.document?.visibilityState === 'visible') this.callbacks.onVisible?.();
  };
}
