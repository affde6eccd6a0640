import { css } from 'lit';

/**
 * Option buttons (`chatOptionInfos`): adopted with their chunk (options.feature.ts), after the
 * transcript's styles; an app's own colours and weights arrive as `--_option-*-app` properties.
 */
export const optionsStyles = css`
  .options {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin-block-start: 2px;
  }
  .option {
    border: 1px solid var(--_option-border-app, var(--_option-border));
    background: var(--_option-bg-app, var(--_option-bg));
    color: var(--_option-fg-app, var(--_option-text));
    font-weight: var(--_option-weight, 500);
    font-style: var(--_option-style, normal);
    text-decoration: var(--_option-decoration, none);
    border-radius: 999px;
    padding: 5px 14px;
    min-height: 32px;
  }
  .option:hover:not(:disabled) {
    filter: brightness(0.96);
  }
  .option[aria-pressed='true'] {
    box-shadow: inset 0 0 0 2px currentColor;
  }
  .option:disabled {
    opacity: 0.6;
  }
  .option.chosen {
    opacity: 1;
    box-shadow: inset 0 0 0 2px currentColor;
  }
`;
