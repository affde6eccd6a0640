import { expect } from '@open-wc/testing';
import { JsonValueSplitter } from '../../src/wire/json-values.js';

function split(...chunks: string[]): { values: unknown[]; malformed: number } {
  let malformed = 0;
  const splitter = new JsonValueSplitter(() => (malformed += 1));
  const values = [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
  return { values, malformed };
}

describe('JsonValueSplitter', () => {
  it('(d) several values on one line, with or without spaces between them', () => {
    expect(split('{"a":1}{"b":2} [3]\t{"c":{"d":[4,5]}}\n')).to.deep.equal({
      values: [{ a: 1 }, { b: 2 }, [3], { c: { d: [4, 5] } }],
      malformed: 0,
    });
  });

  it('(d) one value split across lines and chunks, with CRLF and blank lines', () => {
    expect(split('\r\n{"a":\r\n  [1,\n', '2],\r\n "b"', ':"x"}\r\n\r\n{"c":true}')).to.deep.equal({
      values: [{ a: [1, 2], b: 'x' }, { c: true }],
      malformed: 0,
    });
  });

  it('respects strings: brackets, quotes and escapes inside them do not count', () => {
    const tricky = { s: 'a}b]c{d[ "q" \\ \\" end', u: '\u00e9 👋 줄' };
    const text = JSON.stringify(tricky);
    // Cut inside every string escape and between every character.
    for (let cut = 0; cut <= text.length; cut += 1) {
      expect(split(text.slice(0, cut), text.slice(cut), '\n').values, `cut at ${cut}`).to.deep.equal([tricky]);
    }
  });

  it('(d) a garbage line is skipped and counted; the next lines still parse', () => {
    expect(split('hello world {"not":"this"}\n{"a":1}\n')).to.deep.equal({ values: [{ a: 1 }], malformed: 1 });
    expect(split('data: {"a":1}\n: ping\n{"b":2}\n')).to.deep.equal({ values: [{ b: 2 }], malformed: 2 });
  });

  it('(d) a value cut inside a string loses only its own line', () => {
    expect(split('{"result":{"responses":[{"message":"cut her\n{"a":1}\n{"b":2}\n')).to.deep.equal({
      values: [{ a: 1 }, { b: 2 }],
      malformed: 1,
    });
  });

  it('(d) an unbalanced value does not swallow the lines after it', () => {
    // The broken line never closes its brace; the grammar notices at the next line's `{`.
    const { values, malformed } = split('{"a":1\n', '{"b":2}\n{"c":3}\n');
    expect(values).to.deep.equal([{ b: 2 }, { c: 3 }]);
    expect(malformed).to.equal(1);
  });

  it('(d) a broken first line of a value that looked multi-line gives the rest a second chance', () => {
    // `{"a":` + newline + `{"b":2}` is a valid start; the third line proves it broken.
    expect(split('{"a":\n{"b":2}\n{"c":3}\n')).to.deep.equal({ values: [{ b: 2 }, { c: 3 }], malformed: 1 });
  });

  it('a bad literal or number is dropped, the rest of the line is read', () => {
    expect(split('{"a":tru} {"b":2}\n{"c":01}\n{"d":4}')).to.deep.equal({ values: [{ b: 2 }, { d: 4 }], malformed: 2 });
  });

  it('structural mistakes are caught where they happen', () => {
    expect(split('{"a" 1}\n{"b":2}\n').values).to.deep.equal([{ b: 2 }]); // missing colon
    expect(split('{"a":1]\n[1,2}\n{1:2}\n{"ok":1}\n')).to.deep.equal({ values: [{ ok: 1 }], malformed: 3 });
    expect(split('{"a":[1,}\n[]\n').values).to.deep.equal([[]]);
  });

  it('an unfinished value at the end is counted; complete lines inside it are recovered', () => {
    expect(split('{"a":1}\n{"b":')).to.deep.equal({ values: [{ a: 1 }], malformed: 1 });
    expect(split('{"a":[\n{"b":2}\n')).to.deep.equal({ values: [{ b: 2 }], malformed: 1 });
  });

  it('top-level scalars are not snapshots: counted as garbage', () => {
    expect(split('42\n"text"\ntrue\n{"a":1}\n')).to.deep.equal({ values: [{ a: 1 }], malformed: 3 });
  });

  it('ignores a byte-order mark and surrounding whitespace', () => {
    expect(split('\uFEFF  \t{"a":1}  \r\n')).to.deep.equal({ values: [{ a: 1 }], malformed: 0 });
  });

  it('keeps only the open value buffered (long streams do not accumulate text)', () => {
    const splitter = new JsonValueSplitter(() => {});
    for (let i = 0; i < 1000; i += 1) splitter.push(`{"i":${i},"pad":"${'x'.repeat(100)}"}\n`);
    splitter.push('{"open":');
    expect((splitter as unknown as { buf: string }).buf).to.equal('{"open":');
  });
});
