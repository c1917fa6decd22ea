// The evidence bundle of one run: what was clicked (steps.md), a
// screenshot per step, every /api/v2 call with its status (network.json)
// and what the pages logged as errors (console.json), under
// $CRM_EVIDENCE_DIR/<test>-<time>/ (CMake points it at build/evidence/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class Evidence {
  constructor(root, test) {
    const run = new Date().toISOString().replace(/[:.]/g, '-');
    this.dir = join(root, `${test}-${run}`);
    mkdirSync(this.dir, { recursive: true });
    this.steps = [];
    this.calls = [];
    this.consoleLines = [];
    this.shots = 0;
  }

  // Records every API call and every console error of a page, naming the
  // browser context it came from (two dispatchers race in one test).
  watch(page, who) {
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (!url.pathname.startsWith('/api/v2/')) return;
      this.calls.push({ who, method: response.request().method(), path: url.pathname + url.search,
                        status: response.status(), at: new Date().toISOString() });
    });
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleLines.push({ who, kind: 'console', text: message.text() });
    });
    page.on('pageerror', (error) => this.consoleLines.push({ who, kind: 'pageerror', text: String(error) }));
  }

  async step(page, who, what) {
    this.shots += 1;
    const file = `${String(this.shots).padStart(2, '0')}-${what.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
    await page.screenshot({ path: join(this.dir, file), fullPage: true });
    this.steps.push({ who, what, screenshot: file });
  }

  write(verdict) {
    const lines = [`# Browser run: ${verdict}`, '', '| # | who | step | screenshot |', '|---|---|---|---|'];
    this.steps.forEach((s, i) => lines.push(`| ${i + 1} | ${s.who} | ${s.what} | ${s.screenshot} |`));
    lines.push('', '## API calls', '', '| who | call | status |', '|---|---|---|');
    for (const c of this.calls) lines.push(`| ${c.who} | ${c.method} ${c.path} | ${c.status} |`);
    writeFileSync(join(this.dir, 'steps.md'), lines.join('\n') + '\n');
    writeFileSync(join(this.dir, 'network.json'), JSON.stringify(this.calls, null, 1));
    writeFileSync(join(this.dir, 'console.json'), JSON.stringify(this.consoleLines, null, 1));
  }
}
