import { expect } from '@open-wc/testing';
import { checkFiles, formatBytes, matchesAccept, middleTruncate } from '../../src/conversation/file-rules.js';
import { isMediaFile } from '../../src/conversation/turn-runner.js';

const file = (name: string, type: string, size: number) => new File([new Uint8Array(size)], name, { type });

describe('file rules', () => {
  it('matches accept lists by extension, exact type and wildcard', () => {
    expect(matchesAccept(file('a.PDF', 'application/pdf', 1), '.pdf')).to.equal(true);
    expect(matchesAccept(file('a.png', 'image/png', 1), 'image/*')).to.equal(true);
    expect(matchesAccept(file('a.png', 'image/png', 1), '.pdf, application/msword')).to.equal(false);
    expect(matchesAccept(file('a.doc', 'application/msword', 1), '.pdf, application/msword')).to.equal(true);
    expect(matchesAccept(file('a.exe', '', 1), '')).to.equal(true);
  });

  it('refuses by type, size, emptiness and count, keeping order', () => {
    const files = [
      file('ok-1.pdf', 'application/pdf', 10),
      file('big.pdf', 'application/pdf', 2_000),
      file('run.exe', 'application/x-msdownload', 10),
      file('empty.pdf', 'application/pdf', 0),
      file('ok-2.pdf', 'application/pdf', 10),
      file('ok-3.pdf', 'application/pdf', 10),
    ];
    const { accepted, refused } = checkFiles(files, { accept: '.pdf', maxBytes: 1_000, maxFiles: 3 }, 1);
    expect(accepted.map((f) => f.name)).to.deep.equal(['ok-1.pdf', 'ok-2.pdf']);
    expect(refused.map((r) => `${r.file.name}:${r.reason}`)).to.deep.equal(['big.pdf:size', 'run.exe:type', 'empty.pdf:empty', 'ok-3.pdf:count']);
  });

  it('sends images and video as media', () => {
    expect(isMediaFile(file('a.png', 'image/png', 1))).to.equal(true);
    expect(isMediaFile(file('a.mp4', 'video/mp4', 1))).to.equal(true);
    expect(isMediaFile(file('a.pdf', 'application/pdf', 1))).to.equal(false);
  });

  it('formats sizes in the locale', () => {
    expect(formatBytes(512, 'en')).to.equal('512 bytes');
    expect(formatBytes(1536, 'en')).to.equal('1.5 kB');
    expect(formatBytes(25 * 1024 * 1024, 'en')).to.equal('25 MB');
    expect(formatBytes(1536, 'ko')).to.match(/1\.5\s?KB|1\.5\s?kB/);
  });

  it('cuts long names in the middle, keeping the extension and whole emoji', () => {
    expect(middleTruncate('short.pdf')).to.equal('short.pdf');
    const cut = middleTruncate('quarterly-report-final-final-v7-approved-by-legal.pdf', 24);
    expect([...cut].length).to.equal(24);
    expect(cut.startsWith('quarterly')).to.equal(true);
    expect(cut.endsWith('.pdf')).to.equal(true);
    expect(cut).to.contain('…');
    const emoji = middleTruncate('😀'.repeat(40) + '.png', 12);
    expect(emoji).to.not.match(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
