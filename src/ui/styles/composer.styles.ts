import { css } from 'lit';

/** The panel's inside, part two: jump button, banners, composer (file chips: files.styles.ts). */
export const composerStyles = css`
  .jump {
    position: absolute;
    inset-block-end: calc(var(--_composer-height, 64px) + 8px);
    left: 50%;
    transform: translateX(-50%);
    z-index: 1;
    border: 1px solid var(--_control-border);
    border-radius: 999px;
    padding: 4px 14px;
    background: var(--_surface);
    color: var(--_text);
    box-shadow: var(--_shadow);
  }

  .banner {
    display: flex;
    gap: var(--_space);
    align-items: center;
    margin: 0 calc(1.5 * var(--_space)) var(--_space);
    padding: var(--_space) calc(1.5 * var(--_space));
    border-radius: 8px;
    background: var(--_theme-danger-surface);
    color: var(--_text);
    font-size: 0.9rem;
  }
  .banner span {
    flex: 1;
  }
  .banner.ended,
  .banner.agent {
    background: var(--_surface-alt);
  }

  .composer {
    display: flex;
    align-items: flex-end;
    gap: var(--_space);
    padding: calc(1.25 * var(--_space)) calc(1.5 * var(--_space));
    border-block-start: 1px solid var(--_border);
  }
  .composer textarea {
    flex: 1;
    resize: none;
    field-sizing: content;
    min-height: 40px;
    max-height: 160px;
    padding: 8px 12px;
    border: 1px solid var(--_control-border);
    border-radius: 10px;
    font: inherit;
    /* 16 px at least: iOS zooms into smaller inputs. */
    font-size: max(16px, 1em);
    color: var(--_input-text);
    background: var(--_input-bg);
  }
  .composer textarea::placeholder {
    color: var(--_text-muted);
    opacity: 1;
  }
  .composer textarea:disabled {
    background: var(--_surface-alt);
  }
  .send,
  .stop {
    min-width: 64px;
    height: 40px;
    border: none;
    border-radius: 10px;
    padding: 0 14px;
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 600;
  }
  .send:disabled {
    opacity: 0.5;
  }
  .stop {
    background: var(--_text);
    color: var(--_surface);
  }

  .attach {
    width: 40px;
    height: 40px;
    border: 1px solid var(--_control-border);
    border-radius: 10px;
    background: var(--_input-bg);
    color: var(--_text-muted);
    display: inline-grid;
    place-items: center;
  }
  .attach:hover {
    color: var(--_text);
  }

  @media (prefers-reduced-motion: reduce) {
    .typing i {
      animation: none;
      opacity: 0.6;
    }
  }
  @media (forced-colors: active) {
    .bubble,
    .option {
      border: 1px solid CanvasText;
    }
  }
`;
