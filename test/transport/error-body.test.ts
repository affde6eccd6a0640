// Issue 11, item 9: an error body is read up to 64 KB, never buffered whole, and its excerpt is
// built in one linear pass (a backtracking regex took 238 ms on 64 KB of `<`).
import { expect } from '@open-wc/testing';
import { excerptOf } from '../../src/model/errors.js';
import { errorFromResponse } from '../../src/transport/client.js';

describe('error bodies (issue 11, item 9)', () => {
  it('reads at most about 64 KB of an endless error body, then cancels it', async () => {
    let pulled = 0;
    let cancelled = false;
    const chunk = new TextEncoder().encode('<p>' + 'x'.repeat(8189) + '</p>'.slice(0, 1));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const error = await errorFromResponse(new Response(endless, { status: 502, headers: { 'Content-Type': 'text/html' } }));
    expect(error.status).to.equal(502);
    expect(pulled).to.be.at.most(64 * 1024 + 2 * chunk.length);
    expect(cancelled).to.equal(true);
  });

  it('strips tags, head/script/style content and whitespace as before', () => {
    expect(excerptOf('<html><head><title>T</title></head><body><h1>Bad  gateway</h1>\n<script>x()</script><p>try later</p></body></html>')).to.equal(
      'Bad gateway try later',
    );
    expect(excerptOf('a < b and c > d')).to.equal('a d');
    expect(excerptOf('1 < 2')).to.equal('1 < 2');
    expect(excerptOf('<STYLE>p{}</STYLE>ok <script>no end')).to.equal('ok no end');
    expect(excerptOf('x'.repeat(200), 10)).to.equal('xxxxxxxxx…');
  });

  it('handles megabytes of unclosed tags (linear: the regex version would run for minutes)', () => {
    expect(excerptOf('<'.repeat(2_000_000))).to.equal('<'.repeat(159) + '…');
    expect(excerptOf('<script'.repeat(300_000) + ' tail')).to.equal('<script'.repeat(30).slice(0, 159) + '…');
    expect(excerptOf('<script>'.repeat(300_000) + ' tail')).to.equal('tail');
    expect(excerptOf('<a'.repeat(1_000_000) + '>end')).to.equal('end');
  });
});
