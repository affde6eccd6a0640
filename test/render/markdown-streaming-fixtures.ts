/** Markdown documents shaped like LLM answers, for the block splitter and streaming tests. */
export const MARKDOWN_DOCUMENTS: readonly string[] = [
  '# Title\n\nIntro paragraph with **bold** and `code`.\n\n## Steps\n\n1. First\n2. Second\n   continued\n\n3. Third (loose)\n\nDone.\n',
  'Here is code:\n\n```ts\nconst a = 1;\n\n\nfunction f() {\n  return a;\n}\n```\n\nAnd after.\n\n~~~\nunclosed tilde fence\n\nstill code\n',
  '- a\n- b\n  - nested\n\n    nested para\n\n- c\n\nparagraph\n\n* other list\n\n10. ten\n11. eleven\n',
  '| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 | 4 |\n\nText after table.\n\n> quote\n> more\n\n> second quote\n\n---\n\nEnd',
  'Setext\n======\n\nPara\nline two\n\n    indented code\n\n    more indented\n\nplain <img src=x onerror=alert(1)> text\n\n<div>\n\nhtml block\n</div>\n\n<!--\n\ncomment\n\n-->\n\nafter comment\n',
  'Links [one](https://example.com) and [bad](javascript:alert(1)) and <https://auto.example>.\n\n![img](https://example.com/a.png)\n\nEmoji 😀 and 한국어 text.\n\n```\nfence with ``` inside? no\n```\ntext right after fence\n\n',
  'Para one\r\nstill one\r\n\r\nPara two\r\n\r\n- x\r\n- y\r\n',
  '1. one\n\n   ```\n   code in list\n\n   more\n   ```\n\n2. two\n\nend\n\n\n\n\nafter many blanks',
  // A fence in a list item ends with the item; one at column 0 is top-level.
  '- a\n  ```\n\nb\n  ```\n\nc\n\n- d\n```\n\ne\n\n```\n\nf\n',
  // Lists without a blank line before them, a setext heading over two lines, reference links.
  'Steps:\n1. one\n2. two\nText:\n- x\n  - y\n\nline one\nline two\n---\n\nSee [docs][d] and [d].\n\n[d]: https://example.com/d\n',
  // A table row that looks like a fence ends the table: the fence is real.
  'd|\n-|\n```|\n```\n\n|\n\nafter\n',
  // Tables with alignment, hard breaks, escapes, bare URLs, deep nesting.
  'Intro\n| l | c | r |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\nbreak  \nhere\\\nand \\*not em\\* https://bare.example/x.\n\n' + '> '.repeat(30) + 'deep\n',
];

const SNIPPETS: readonly string[] = [
  'Plain sentence with *em* and **strong**.', '# Heading', '### Small heading', '- item', '* star item', '1. ordered',
  '2) paren ordered', '  - indented item', '    indented code', '```js', '```', '~~~', '> quote', '| a | b |', '|---|---|',
  '| 1 | 2 |', '---', '***', '<div>', '</div>', '<!--', '-->', '<pre>', '</pre>', '<span>', 'Setext', '===',
  'text <b>inline</b> html', '[link](https://example.com)', '`code`', '😀 emoji line', '   ', '', '', '',
  '  ```', ' ```', '   ~~~', '> ```', '10. ten', '1234567890. long', '- [ ] task', '[ref]', '[ref]: https://example.com/r',
  '| x |', '|:-:|', 'a | b', '-|-', '    ', '\t- tab item', 'Heading\r\n---', 'a\rb', '\f', '**bold', 'more**', '___',
];

/** Random but reproducible documents built from Markdown-significant lines. */
export function randomMarkdown(random: () => number, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(SNIPPETS[Math.floor(random() * SNIPPETS.length)]!);
  return out.join('\n') + (random() < 0.5 ? '\n' : '');
}

/** Split text into random chunks of 1..maxChunk characters (may split surrogate pairs: streams do). */
export function chunk(text: string, random: () => number, maxChunk: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(random() * maxChunk);
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}
