// Debian's Chromium, headless, through playwright-core, and the verdict
// of a browser test: the steps pass and no page logged an error other
// than the failed loads the steps cause on purpose.
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CRM_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // Root in CI has no user namespace sandbox; and nothing but loopback.
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--no-first-run', '--disable-default-apps', '--disable-domain-reliability', '--metrics-recording-only'],
  });
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Runs `steps(browser)`, writes the evidence bundle, exits 0 or 1.
export async function runBrowserTest(evidence, expectedConsole, steps) {
  const browser = await launchChromium();
  let verdict = 'passed';
  try {
    await steps(browser);
    const unexpected = evidence.consoleLines.filter((l) => l.kind === 'pageerror' || !expectedConsole.test(l.text));
    check(unexpected.length === 0, `the pages logged errors: ${JSON.stringify(unexpected)}`);
  } catch (error) {
    verdict = `failed: ${error.message}`;
    console.error(error);
    // What each page showed when the step failed.
    let n = 0;
    for (const context of browser.contexts())
      for (const page of context.pages())
        await page.screenshot({ path: join(evidence.dir, `failure-${++n}.png`), fullPage: true }).catch(() => undefined);
  } finally {
    await browser.close();
    evidence.write(verdict);
    console.log(`evidence: ${evidence.dir} (${verdict})`);
  }
  process.exit(verdict === 'passed' ? 0 : 1);
}
