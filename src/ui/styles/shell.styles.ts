import { css } from 'lit';
import { tokenStyles } from './tokens.js';

/**
 * The shell's sheet: the host box, the launcher and the panel's frame, which show before the
 * conversation core has loaded. Every colour, size and font comes from a private `--_*` copy of
 * a public token (src/ui/styles/tokens.ts). Layout uses logical properties so `dir="rtl"`
 * mirrors it. The panel's inside is styled by panel.styles.ts, adopted when the core loads.
 */
const shellLayout = css`
  :host {
    --_space: calc(8px * var(--_density));
    display: block;
    box-sizing: border-box;
    height: 100%;
    min-height: 320px;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
    -webkit-text-size-adjust: 100%;
  }
  /* Inline: a definite height by default, so the transcript scrolls and the composer stays in view. */
  :host(:not([mode='launcher'])) {
    height: var(--_inline-height);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  /* Launcher mode: the host takes no room in the page; the button and panel float. */
  :host([mode='launcher']) {
    position: fixed;
    z-index: var(--_z-index);
    inset-block-end: var(--_offset-y);
    inset-inline-end: auto;
    right: var(--_offset-x);
    left: auto;
    height: auto;
    min-height: 0;
    width: auto;
  }
  :host([mode='launcher'][position='bottom-left']) {
    right: auto;
    left: var(--_offset-x);
  }
  :host([mode='launcher'][position='top-right']),
  :host([mode='launcher'][position='top-left']) {
    inset-block-end: auto;
    inset-block-start: var(--_offset-y);
  }
  :host([mode='launcher'][position='top-left']) {
    right: auto;
    left: var(--_offset-x);
  }

  .launcher {
    position: relative;
    display: grid;
    place-items: center;
    width: var(--_launcher-size);
    height: var(--_launcher-size);
    border: none;
    border-radius: 50%;
    background: var(--_launcher-bg);
    color: var(--_launcher-text);
    box-shadow: var(--_shadow);
    cursor: pointer;
    transition: transform 0.15s ease;
  }
  .launcher:hover {
    transform: scale(1.05);
  }
  .launcher svg {
    width: 50%;
    height: 50%;
  }
  .badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-width: 22px;
    height: 22px;
    padding: 0 6px;
    border-radius: 11px;
    background: var(--_danger);
    color: var(--_surface);
    font-size: 12px;
    font-weight: 700;
    line-height: 22px;
    text-align: center;
  }

  .panel {
    position: relative;
    display: flex;
    flex-direction: column;
    height: 100%;
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .panel[hidden] {
    display: none;
  }
  :host([mode='launcher']) .panel {
    position: absolute;
    inset-block-end: calc(var(--_launcher-size) + 12px);
    right: 0;
    width: min(var(--_panel-width), calc(100vw - 2 * var(--_offset-x)));
    height: min(var(--_panel-height), calc(100dvh - var(--_launcher-size) - 2 * var(--_offset-y) - 12px));
    box-shadow: var(--_shadow);
  }
  :host([mode='launcher'][position='bottom-left']) .panel,
  :host([mode='launcher'][position='top-left']) .panel {
    right: auto;
    left: 0;
  }
  :host([mode='launcher'][position^='top']) .panel {
    inset-block-end: auto;
    inset-block-start: calc(var(--_launcher-size) + 12px);
  }

  /* Phones: the open panel is the whole screen, above the on-screen keyboard. */
  @media (max-width: 639.98px) {
    :host([mode='launcher'][open]) .panel {
      position: fixed;
      inset: 0;
      width: 100vw;
      height: var(--_viewport-height, 100dvh);
      border: none;
      border-radius: 0;
      padding-block-start: env(safe-area-inset-top);
      padding-block-end: env(safe-area-inset-bottom);
      padding-inline: env(safe-area-inset-left) env(safe-area-inset-right);
    }
    :host([mode='launcher'][open]) .launcher {
      display: none;
    }
  }

  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  /* Before the conversation core has loaded, or when it could not be. */
  .panel-status {
    display: grid;
    place-content: center;
    gap: var(--_space);
    flex: 1;
    padding: calc(2 * var(--_space));
    text-align: center;
    color: var(--_text-muted);
  }
  .panel-status button {
    font: inherit;
    justify-self: center;
    padding: calc(0.75 * var(--_space)) calc(1.5 * var(--_space));
    border: 1px solid var(--_control-border);
    border-radius: calc(var(--_radius) / 2);
    background: transparent;
    color: var(--_text);
    cursor: pointer;
  }
  @media (prefers-reduced-motion: reduce) {
    .launcher {
      transition: none;
    }
    .launcher:hover {
      transform: none;
    }
  }
  @media (forced-colors: active) {
    .launcher {
      border: 1px solid CanvasText;
    }
  }
`;

export const shellStyles = [tokenStyles, shellLayout];
