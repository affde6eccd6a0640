import type { ReactiveController, ReactiveControllerHost } from 'lit';

const NARROW = '(max-width: 639.98px)';

/**
 * While a launcher panel is open full screen on a phone: the page behind does not scroll, and
 * the panel's height follows the visual viewport so the composer stays above the on-screen
 * keyboard. Everything it changes on the page it restores, and only what it changed itself.
 */
export class MobileViewportController implements ReactiveController {
  private active = false;
  private savedOverflow: string | null = null;
  private media?: MediaQueryList;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly wanted: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.media = globalThis.matchMedia?.(NARROW);
    this.media?.addEventListener('change', this.sync);
  }

  hostUpdated(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.media?.removeEventListener('change', this.sync);
    this.media = undefined;
    this.release();
  }

  private readonly sync = (): void => {
    const want = this.wanted() && !!this.media?.matches;
    if (want && !this.active) this.engage();
    else if (!want && this.active) this.release();
  };

  private engage(): void {
    this.active = true;
    const root = this.host.ownerDocument.documentElement;
    // Only the page's own scrolling is stopped; the host's overlays keep their own styles.
    this.savedOverflow = root.style.getPropertyValue('overflow');
    root.style.setProperty('overflow', 'hidden');
    globalThis.visualViewport?.addEventListener('resize', this.onViewport);
    this.onViewport();
  }

  private release(): void {
    if (!this.active) return;
    this.active = false;
    const root = this.host.ownerDocument.documentElement;
    if (root.style.getPropertyValue('overflow') === 'hidden') {
      if (this.savedOverflow) root.style.setProperty('overflow', this.savedOverflow);
      else root.style.removeProperty('overflow');
    }
    this.savedOverflow = null;
    globalThis.visualViewport?.removeEventListener('resize', this.onViewport);
    this.host.style.removeProperty('--_viewport-height');
  }

  private readonly onViewport = (): void => {
    const height = globalThis.visualViewport?.height;
    if (height) this.host.style.setProperty('--_viewport-height', `${Math.round(height)}px`);
  };
}
