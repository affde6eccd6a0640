/**
 * Files in the panel: the drop hint, attachment and message file chips, thumbnails, refusal
 * notices, upload progress. Adopted the first time a file shows (see ChatPanel.useFileStyles), so
 * a conversation without files never downloads it. Plain text, so this chunk imports nothing;
 * the panel makes it a sheet.
 */
export const filesCss = `
  .drop-hint {
    position: absolute;
    inset: 8px;
    z-index: 2;
    display: grid;
    place-items: center;
    border: 2px dashed var(--_accent);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font-weight: 600;
    pointer-events: none;
  }
  .file-list,
  .attachments,
  .file-notices {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .attachments,
  .file-notices {
    padding: var(--_space) calc(1.5 * var(--_space)) 0;
  }
  .file-notices {
    flex-direction: column;
    color: var(--_danger);
    font-size: 0.85rem;
  }
  .file-chip {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    max-width: 100%;
    padding: 4px 8px;
    border: 1px solid var(--_control-border);
    border-radius: 8px;
    background: var(--_surface);
    color: var(--_text);
    font-size: 0.85rem;
  }
  .file-chip a {
    color: inherit;
  }
  .file-name {
    overflow-wrap: anywhere;
  }
  .file-size {
    color: var(--_text-muted);
    white-space: nowrap;
  }
  .thumb {
    width: 28px;
    height: 28px;
    object-fit: cover;
    border-radius: 4px;
  }
  .remove-file {
    border: none;
    background: transparent;
    border-radius: 6px;
    font-size: 1.1rem;
    line-height: 1;
  }
  .remove-file:hover {
    background: var(--_surface-alt);
  }
  .upload {
    display: flex;
    align-items: center;
    gap: var(--_space);
    font-size: 0.8rem;
    color: var(--_text-muted);
  }
  .upload progress {
    width: 120px;
    accent-color: var(--_accent);
  }
`;
