/**
 * Plain text -> DOM built from text nodes only (never parsed as HTML): one <p> per paragraph
 * (split at blank lines), <br> for single line breaks. One element per paragraph rather than
 * one giant text node keeps layout cheap on phones (docs/design.md §6).
 */
export function renderPlainText(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
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
  return fragment;
}
