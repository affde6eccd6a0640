#!/usr/bin/env node
// `npm run size [-- <entry> ...]`: bundle an entry (default: the message renderer) the way a
// host would ship it (minified ES module, every dependency inlined, draft-js and immutable
// replaced by the anchored stubs) and print raw and gzip bytes. Fails if Draft.js, React,
// ReactDOM or immutable made it into the bundle (docs/design.md §4).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { browserBundleOptions } from './bundle-options.mjs';

const FORBIDDEN = /(?:^|\/)node_modules\/(?:draft-js|immutable|react|react-dom|fbjs)\//;
const entries = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src/render/render-message.ts'];

let failed = false;
for (const entry of entries) {
  const result = await build({ ...browserBundleOptions(entry), metafile: true });
  const code = result.outputFiles[0].contents;
  const forbidden = Object.keys(result.metafile.inputs).filter((input) => FORBIDDEN.test(input));
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`${entry}: ${code.length} B raw (${kb(code.length)}), ${gzipSync(code, { level: 9 }).length} B gzip (${kb(gzipSync(code, { level: 9 }).length)})`);
  if (forbidden.length > 0) {
    failed = true;
    console.error(`  FAIL: bundle contains ${forbidden.join(', ')}`);
  }
}
process.exit(failed ? 1 : 0);
