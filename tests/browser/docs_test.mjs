// /docs in Debian's Chromium: Swagger UI renders this server's document
// under the page's Content-Security-Policy (a violation is a console error,
// which fails the test), and its "Authorize" dialog logs in through the
// OAuth2 password flow at /api/v2/auth/login, after which "Try it out" on
// GET /api/v2/auth/me answers 200 for that user.
import { check, runBrowserTest } from './chromium.mjs';
import { Evidence } from './evidence.mjs';

const base = process.env.CRM_TEST_URL;

async function run(browser, evidence) {
  const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
  context.setDefaultTimeout(20000);
  const page = await context.newPage();
  evidence.watch(page, 'developer');
  await page.goto(`${base}/docs/`);
  const me = page.locator('.opblock-summary-path[data-path="/api/v2/auth/me"]').first();
  await me.waitFor();
  const operations = await page.locator('.opblock').count();
  check(operations > 40, `Swagger UI shows ${operations} operations`);
  await evidence.step(page, 'developer', `Swagger UI shows ${operations} operations`);

  await page.locator('button.authorize').first().click();
  await page.locator('#oauth_username').fill(process.env.CRM_TEST_ADMIN_EMAIL);
  await page.locator('#oauth_password').fill(process.env.CRM_TEST_ADMIN_PASSWORD);
  const login = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v2/auth/login');
  await page.locator('button[aria-label="Apply given OAuth2 credentials"]').click();
  const answer = await login;
  check(answer.status() === 200, `the password flow's login answered ${answer.status()}`);
  check((answer.request().headers()['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'),
    'the password flow did not send a form');
  await evidence.step(page, 'developer', 'authorized through the OAuth2 password flow');
  await page.locator('.btn-done').first().click();

  await me.click();
  await page.locator('.try-out__btn').first().click();
  const call = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v2/auth/me');
  await page.locator('.execute').first().click();
  const status = (await call).status();
  check(status === 200, `GET /api/v2/auth/me from Swagger UI answered ${status}`);
  await page.locator('.live-responses-table .response-col_status').first().waitFor();
  await evidence.step(page, 'developer', 'GET /api/v2/auth/me tried out: 200');
}

const evidence = new Evidence(process.env.CRM_EVIDENCE_DIR ?? 'evidence', 'docs');
await runBrowserTest(evidence, /^$/, (browser) => run(browser, evidence));
