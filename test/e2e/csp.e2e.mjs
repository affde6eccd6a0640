// The widget on a page served with a strict Content-Security-Policy and Trusted Types enforced
// (demo/csp/server.mjs: only 'self' files, the widget bundled with esbuild, the mock Alli):
// a whole conversation must produce zero `securitypolicyviolation` events and zero CSP/Trusted
// Types console errors. Also shows that each Trusted Types policy name in the header is needed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium } from './harness.mjs';
import { startCspDemo, strictCsp, TRUSTED_TYPES_POLICIES } from '../../demo/csp/server.mjs';
import { trackTurns, turnEndedSince, turnsEnded } from './turns.mjs';

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** A page with violation collectors installed before any of its own scripts run. */
async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 820 }, locale: 'en-US' });
  const page = await context.newPage();
  const consoleProblems = [];
  const pageErrors = [];
  await page.addInitScript(() => {
    const store = (window.__cspViolations = []);
    const record = (e) =>
      store.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: `${e.sourceFile}:${e.lineNumber}` });
    document.addEventListener('securitypolicyviolation', record, true);
  });
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' || /Content Security Policy|Trusted Type|TrustedHTML|TrustedScript/i.test(text)) consoleProblems.push(`${m.type()}: ${text}`);
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await trackTurns(page);
  await page.goto(url);
  const violations = () => page.evaluate(() => window.__cspViolations);
  return { context, page, consoleProblems, pageErrors, violations };
}

const chat = (page) => page.locator('alli-chat');
// Each wait is for the end of the turn the action started (counted before the action), never for
// more `.message.bot` (the typing placeholder is one) or for `streaming` to be absent.
const turnEnded = (page, since) => turnEndedSince(page, since, 'alli-chat', 30_000);

// A 1×1 PNG: an image attachment, which the composer shows as a thumbnail.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

test(`a whole conversation under "${strictCsp()}" has zero violations`, async () => {
  const demo = await startCspDemo();
  const { context, page, consoleProblems, pageErrors, violations } = await open(demo.url);
  const steps = [];
  try {
    const header = (await page.request.get(demo.url)).headers()['content-security-policy'];
    assert.equal(header, strictCsp(), 'the page is served with the strict header');
    assert.doesNotMatch(header, /unsafe-inline|unsafe-eval|nonce-|strict-dynamic/);

    // Greeting (Draft.js with a link) and its option buttons, live once its turn has ended.
    await chat(page).locator('.option:not([disabled])').first().waitFor({ timeout: 30_000 });
    steps.push('greeting');

    // An option: a streamed Markdown answer with steps and sources.
    let ended = await turnsEnded(page);
    await chat(page).locator('.option:not([disabled])', { hasText: 'How does Alli answer?' }).click();
    await turnEnded(page, ended);
    const answer = chat(page).locator('.message.bot').last();
    assert.ok((await answer.locator('.bubble li').count()) > 0, 'Markdown lists rendered');
    assert.ok((await chat(page).locator('.citations li').count()) >= 1, 'sources rendered');
    steps.push('option → streamed Markdown with steps and sources');

    // Typed text.
    ended = await turnsEnded(page);
    await chat(page).locator('textarea').fill('Hello under a strict CSP');
    await chat(page).locator('textarea').press('Enter');
    await turnEnded(page, ended);
    steps.push('typed message → streamed reply');

    // Upload: a text file and an image (its thumbnail shows in the composer before sending).
    const attach = chat(page).locator('input[type=file].attach-input');
    const fileOption = chat(page).locator('.option:not([disabled])', { hasText: 'Check a file' });
    if (!(await attach.count()) && (await fileOption.count())) {
      ended = await turnsEnded(page);
      await fileOption.first().click();
      await turnEnded(page, ended);
    }
    if (await attach.count()) {
      await attach.setInputFiles([
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
        { name: 'pixel.png', mimeType: 'image/png', buffer: PNG },
      ]);
      // Both chips in the composer, the image with its thumbnail, before sending.
      await chat(page).locator('.attachments .file-chip').nth(1).waitFor();
      await chat(page).locator('.attachments img.thumb').waitFor();
      ended = await turnsEnded(page);
      await chat(page).locator('textarea').fill('Two files');
      await chat(page).locator('textarea').press('Enter');
      await turnEnded(page, ended);
      steps.push('upload (text + image with thumbnail)');
    } else {
      steps.push('upload: no attach input in the element (yet)');
    }

    // A form ("Book a demo"), when the latest node offers the menu again.
    const book = chat(page).locator('.option:not([disabled])', { hasText: 'Book a demo' });
    if (await book.count()) {
      ended = await turnsEnded(page);
      await book.first().click();
      await turnEnded(page, ended);
      const form = chat(page).locator('form.chat-form').last();
      if (await form.count()) {
        // Fill what the form asks for, generically.
        for (const input of await form.locator('input:not([type=file]):not([type=checkbox]):not([type=radio]), textarea').all()) {
          const numeric = /^(numeric|decimal)$/.test((await input.getAttribute('inputmode')) ?? '');
          const type = numeric ? 'number' : ((await input.getAttribute('type')) ?? 'text');
          const value = type === 'email' ? 'visitor@example.test' : type === 'tel' ? '+1 555 0100' : type === 'date' ? '2030-01-15' : type === 'number' ? '3' : 'Strict CSP';
          await input.fill(value);
        }
        for (const select of await form.locator('select').all()) {
          const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
          if (values.length) await select.selectOption(values[0]);
        }
        for (const box of await form.locator('input[type=checkbox]').all()) await box.check().catch(() => {});
        for (const group of await form.locator('fieldset').all()) {
          const radio = group.locator('input[type=radio]').first();
          if (await radio.count()) await radio.check();
        }
        ended = await turnsEnded(page);
        await form.locator('.form-submit').click();
        // Either the form went (its turn ends) or the widget refused it and marked the fields.
        const outcome = await Promise.race([
          turnEnded(page, ended).then(() => 'sent'),
          form.locator('[aria-invalid="true"]').first().waitFor({ timeout: 30_000 }).then(async () => `refused (${(await form.locator('[aria-invalid="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('name')))).join(', ')})`),
        ]);
        steps.push(`form shown, filled and submitted: ${outcome}`);
        assert.equal(outcome, 'sent', 'the filled form is accepted and sent');
      } else {
        steps.push('form: not rendered by the element (yet)');
      }
    } else {
      steps.push('form: the menu was not offered again');
    }

    await page.waitForTimeout(300);
    const seen = await violations();
    const shownCount = await page.locator('#violation-count').textContent();
    console.log(`strict CSP conversation: ${steps.join('; ')}; ${seen.length} violations, ${consoleProblems.length} console problems`);
    assert.deepEqual(seen, [], 'securitypolicyviolation events');
    assert.equal(shownCount, '0 violations', "the page's own listener saw none either");
    assert.deepEqual(consoleProblems, [], 'CSP / Trusted Types console errors');
    assert.deepEqual(pageErrors, [], 'uncaught page errors');
  } finally {
    await context.close();
    await demo.close();
  }
});

test('the policy is really enforced on that page (inline script, string timers, innerHTML strings are refused)', async () => {
  const demo = await startCspDemo();
  const { context, page, violations } = await open(demo.url);
  try {
    await chat(page).locator('.option').first().waitFor({ timeout: 15_000 });
    const outcome = await page.evaluate(() => {
      const result = {};
      // (eval itself cannot be probed from here: Playwright evaluates in a context CSP exempts.)
      try {
        setTimeout('window.__stringTimer = true', 0);
        result.stringTimer = 'accepted';
      } catch (e) {
        result.stringTimer = e.name;
      }
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
        result.innerHTML = 'assigned';
      } catch (e) {
        result.innerHTML = e.name;
      }
      try {
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true';
        document.body.append(s);
        result.scriptText = 'assigned';
      } catch (e) {
        result.scriptText = e.name; // Trusted Types refuses the string itself
      }
      result.inline = window.__inlineRan === true ? 'ran' : 'blocked';
      return result;
    });
    assert.deepEqual(outcome, { stringTimer: 'TypeError', innerHTML: 'TypeError', scriptText: 'TypeError', inline: 'blocked' });
    assert.ok((await violations()).length >= 2, 'and they are reported as violations');
  } finally {
    await context.close();
    await demo.close();
  }
});

for (const name of TRUSTED_TYPES_POLICIES) {
  test(`Trusted Types policy "${name}" is needed: without it the page reports a violation`, async () => {
    const demo = await startCspDemo({ policies: TRUSTED_TYPES_POLICIES.filter((p) => p !== name) });
    const { context, page, violations } = await open(demo.url);
    try {
      // Wait for the violation itself (or give up after a generous while and report what was seen).
      await page
        .waitForFunction(
          (policy) => (window.__cspViolations ?? []).some((v) => v.directive === 'trusted-types' && (v.sample ?? '').includes(policy)),
          name,
          { timeout: 15_000 },
        )
        .catch(() => {});
      const seen = await violations();
      assert.ok(
        seen.some((v) => v.directive === 'trusted-types' && (v.sample ?? '').includes(name)),
        `a trusted-types violation naming "${name}": ${JSON.stringify(seen)}`,
      );
    } finally {
      await context.close();
      await demo.close();
    }
  });
}
