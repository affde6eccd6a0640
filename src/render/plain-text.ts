/**
 * Plain text -> DOM built from text nodes only (never parsed as HTML): one <p> per paragraph
 * (split at blank lines), <br> for single line breaks. One element per paragraph rather than
 * one giant text node keeps layout cheap on phones (docs/design.md §6).
 */
export function renderPlainText(content: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  // Past the cap the message is cut with a notice (5 MB of text was 400,000 elements).
  const text = content.length > MAX_TEXT_CHARS ? content.slice(0, MAX_TEXT_CHARS) : content;
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  for (const paragraph of paragraphs) {
    const trimmed = paragraph.replace(/^\n+|\n+$/g, '');
    if (trimmed.trim() === '') continue;
    const p = document.createElement('p');
    trimmed.split('\n').forEach((line, index) => {
      if (index > 0) p.append(document.createElement('br'));
      p.append(line);
    });
    fragment.append(p);
  }
  if (text !== content) fragment.append(truncationNotice());
  return fragment;
}

/** Characters of a plain-text message shown at all (docs/design.md §5). */
export const MAX_TEXT_CHARS = 200_000;
/** Class of the notice that says a message was cut (set by us, for styling). */
export const TRUNCATED_CLASS = 'alli-truncated';

/** "[Message truncated]": appended where a message was cut to the caps. */
export function truncationNotice(text = '[Message truncated]'): HTMLElement {
  const notice = document.createElement('p');
  notice.className = TRUNCATED_CLASS;
  notice.textContent = text;
  return notice;
}
