import { nothing } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';

/** Same file chosen twice (name, size, date) is kept once. */
function sameFile(a: File, b: File): boolean {
  return a === b || (a.name === b.name && a.size === b.size && a.lastModified === b.lastModified && a.type === b.type);
}

export function mergeFiles(current: readonly File[], picked: readonly File[]): File[] {
  const next = [...current];
  for (const file of picked) if (!next.some((f) => sameFile(f, file))) next.push(file);
  return next;
}

/**
 * Keeps an `<input type=file>`'s own list in step with the draft (after a file is removed, or
 * when files were added over several picks), so the browser's "N files" text tells the truth.
 */
class SyncFilesDirective extends Directive {
  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('syncFiles is an element directive');
  }
  render(_files: readonly File[]) {
    return nothing;
  }
  override update(part: ElementPart, [files]: [readonly File[]]) {
    const input = part.element as HTMLInputElement;
    const shown = Array.from(input.files ?? []);
    const inStep = shown.length === files.length && shown.every((f, i) => sameFile(f, files[i]));
    if (!inStep && typeof DataTransfer === 'function') {
      try {
        const transfer = new DataTransfer();
        for (const file of files) transfer.items.add(file);
        input.files = transfer.files;
      } catch {
        // An engine without a settable FileList: the list below the input still tells the truth.
      }
    }
    return nothing;
  }
}
export const syncFiles = directive(SyncFilesDirective);
