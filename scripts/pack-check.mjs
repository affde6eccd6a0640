#!/usr/bin/env node
// `.ci/run`'s package check: what a site gets from `npm install @allganize/alli-chat`. Builds,
// packs, installs the tarball into an empty scratch project and checks there:
//   1. no React, ReactDOM, Draft.js, immutable, fbjs or core-js was installed;
//   2. every entry imports in Node without a DOM (./react once the site has React);
//   3. the registering entry, ./api, ./react and ./server resolve with their types;
//   4. a Vite-built page with its own Lit element and <alli-chat> works in Chromium under the
//      README's strict CSP, with one Lit in its bundle.
// Prints one line per step and exits non-zero when any failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_FLAGS, findChrome } from './find-chrome.mjs';
import { createDevMiddleware } from '../demo/dev-middleware.js';
import { strictCsp } from '../demo/csp/server.mjs';

const repo = resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const scratch = mkdtempSync(join(tmpdir(), 'alli-pack-'));
const FORBIDDEN = ['react', 'react-dom', 'draft-js', 'immutable', 'fbjs', 'core-js'];
let failures = 0;

/** Runs one check; after a failed build or install the rest are skipped (they would only echo it). */
let blocked = false;
function step(name, fn, { gate = false } = {}) {
  if (blocked) {
    failures += 1;
    console.log(`SKIPPED ${name}`);
    return Promise.resolve();
  }
  return Promise.resolve()
    .then(fn)
    .then(
      () => console.log(`ok      ${name}`),
      (err) => {
        failures += 1;
        if (gate) blocked = true;
        console.log(`FAILED  ${name}\n        ${String(err?.message ?? err).split('\n').join('\n        ')}`);
      },
    );
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}\n${(result.stdout ?? '').slice(-2000)}${(result.stderr ?? '').slice(-2000)}`);
  return result.stdout;
}

const nodeImport = (specifier) => run(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).length);`], { cwd: scratch });

try {
  let tarball;
  await step('build and pack', () => {
    run(npm, ['run', '--silent', 'build'], { cwd: repo });
    const out = run(npm, ['pack', '--silent', '--pack-destination', scratch], { cwd: repo });
    tarball = join(scratch, out.trim().split('\n').pop());
    if (!existsSync(tarball)) throw new Error(`no tarball at ${tarball}`);
  }, { gate: true });

  await step('install the tarball into an empty project', () => {
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-site', private: true, type: 'module' }));
    run(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: scratch });
  }, { gate: true });

  await step(`installing it brought none of ${FORBIDDEN.join(', ')}`, () => {
    const installed = readdirSync(join(scratch, 'node_modules'));
    const found = FORBIDDEN.filter((name) => installed.includes(name) || existsSync(join(scratch, 'node_modules', '@allganize', 'alli-chat', 'node_modules', name)));
    if (found.length) throw new Error(`installed: ${found.join(', ')}`);
  });

  await step('every entry imports in Node without a DOM', () => {
    for (const entry of ['@allganize/alli-chat', '@allganize/alli-chat/api', '@allganize/alli-chat/server']) nodeImport(entry);
    const pkg = JSON.parse(readFileSync(join(scratch, 'node_modules/@allganize/alli-chat/custom-elements.json'), 'utf8'));
    if (!pkg.modules?.length) throw new Error('custom-elements.json is empty');
  });

  // What a React site (and a typed one) has: React and the types the entries refer to.
  await step('./react imports in Node once the site has React', () => {
    run(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', 'react@19', '@types/react@19', '@types/node@20'], { cwd: scratch });
    nodeImport('@allganize/alli-chat/react');
  });

  await step('entries resolve with their types (TypeScript, bundler and node16 resolution)', () => {
    writeFileSync(
      join(scratch, 'entries.ts'),
      `import { AlliChatElement } from '@allganize/alli-chat';
import { createTokenSource, type TokenGrant } from '@allganize/alli-chat/api';
import { AlliChat, type AlliChatProps } from '@allganize/alli-chat/react';
import { createTokenHandler, toNodeListener, type TokenHandler } from '@allganize/alli-chat/server';
import type {} from '@allganize/alli-chat/jsx-react';
const el: AlliChatElement = document.createElement('alli-chat');
el.appId = 'demo';
// @ts-expect-error: typed, not any
el.maxFiles = 'many';
const grant: TokenGrant = { token: 't', expiresIn: 60 };
createTokenSource({ getToken: async () => grant });
const props: AlliChatProps = { appId: 'demo', onAlliError: (e) => e.error.kind };
const handler: TokenHandler = createTokenHandler({ apiKey: 'k', alliBase: 'https://backend.alli.ai', identify: () => null });
toNodeListener(handler);
export { AlliChat, props };
`,
    );
    for (const moduleResolution of ['bundler', 'node16']) {
      const module = moduleResolution === 'bundler' ? 'esnext' : 'node16';
      writeFileSync(
        join(scratch, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module, moduleResolution, lib: ['es2022', 'dom'], types: [], skipLibCheck: false }, files: ['entries.ts'] }),
      );
      run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: scratch });
    }
  });

  let bundle = '';
  await step('a Vite build of a page with its own Lit element bundles one Lit', () => {
    mkdirSync(join(scratch, 'src'), { recursive: true });
    writeFileSync(
      join(scratch, 'index.html'),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>site</title><script type="module" src="/src/main.js"></script></head>
<body><site-badge></site-badge><alli-chat app-id="demo" api-base="/" token-url="/alli/token"></alli-chat></body></html>`,
    );
    writeFileSync(
      join(scratch, 'src/main.js'),
      `import { LitElement, html } from 'lit';
import '@allganize/alli-chat';
class SiteBadge extends LitElement { render() { return html\`<b>site element</b>\`; } }
customElements.define('site-badge', SiteBadge);
`,
    );
    run(process.execPath, [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: scratch });
    const assets = join(scratch, 'dist/assets');
    bundle = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(assets, f), 'utf8')).join('\n');
    const lits = bundle.match(/litHtmlVersions/g)?.length ?? 0;
    if (lits !== 1) throw new Error(`lit-html appears ${lits} times in the bundle`);
  });

  await step('that page works in Chromium under the strict CSP (both elements, a greeting)', async () => {
    const executablePath = findChrome();
    if (!executablePath) throw new Error('no Chrome/Chromium');
    const dist = join(scratch, 'dist');
    let ownBase = '';
    const alli = createDevMiddleware({ alliBase: () => ownBase, quiet: true });
    const csp = strictCsp();
    const server = createServer((req, res) => {
      if (alli.claims(req.url)) return alli.handle(req, res);
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/favicon.ico') return res.writeHead(204).end();
      const file = join(dist, path === '/' ? 'index.html' : path);
      if (!file.startsWith(dist) || !existsSync(file)) return res.writeHead(404).end();
      const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type, 'Content-Security-Policy': csp }).end(readFileSync(file));
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
    ownBase = `http://127.0.0.1:${server.address().port}`;
    const browser = await chromium.launch({ executablePath, args: CHROME_FLAGS });
    try {
      const page = await browser.newPage();
      const problems = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(String(e)));
      await page.goto(`${ownBase}/`);
      await page.waitForFunction(() => document.querySelector('site-badge')?.shadowRoot?.textContent?.includes('site element'), null, { timeout: 20_000 });
      await page.waitForFunction(() => document.querySelector('alli-chat')?.shadowRoot?.querySelectorAll('.message.bot .bubble').length > 0, null, { timeout: 30_000 });
      const versions = await page.evaluate(() => globalThis.litHtmlVersions?.length);
      if (versions !== 1) throw new Error(`${versions} Lit instances on the page`);
      if (problems.length) throw new Error(problems.join('\n'));
    } finally {
      await browser.close();
      alli.close();
      server.closeAllConnections();
      server.close();
    }
  });
} finally {
  if (!process.env.KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
  else console.log(`scratch project kept at ${scratch}`);
}

console.log(failures === 0 ? 'package check: ok' : `package check: ${failures} step(s) FAILED`);
process.exit(failures === 0 ? 0 : 1);
