// The dispatch console in Debian's Chromium (headless, through
// playwright-core) against the server and PostgreSQL that scripts/test
// started: a dispatcher drags a card onto a technician's day, two
// dispatchers race for one card, invalid input shows the field's error, a
// technician starts a job, the reports page draws its charts. The database
// is read back with SQL after each change. Writes the evidence bundle
// (evidence.mjs); exits non-zero at the first failed step.
import { check, runBrowserTest } from './chromium.mjs';
import { Evidence } from './evidence.mjs';
import { PASSWORD, addDays, makeWorld, quietMonday, sql } from './setup.mjs';

const base = process.env.CRM_TEST_URL;
const WEEKS_AHEAD = 20;
// Chromium logs each non-2xx fetch; these the steps cause on purpose.
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of (401|412|422)/;

async function textOf(locator) {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

async function patchAnswer(page, id, action) {
  const answer = page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === `/api/v2/work-orders/${id}`);
  await action();
  return (await answer).status();
}

async function logIn(page, email, password) {
  await page.goto(`${base}/console/`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

// Opens the board on the quiet week (its day in the URL) and waits until
// it shows `cardId`.
async function boardOnQuietWeek(page, cardId) {
  await page.getByTestId('board').waitFor();
  await page.goto(`${base}/console/#/board/${quietMonday(WEEKS_AHEAD)}`);
  await page.getByRole('heading', { name: `Week of ${quietMonday(WEEKS_AHEAD)}` }).waitFor();
  await page.getByTestId(`card-${cardId}`).waitFor();
  // Back and forth once: the week buttons move the URL's week.
  await page.getByTestId('next-week').click();
  await page.getByRole('heading', { name: `Week of ${quietMonday(WEEKS_AHEAD + 1)}` }).waitFor();
  await page.getByTestId('prev-week').click();
  await page.getByRole('heading', { name: `Week of ${quietMonday(WEEKS_AHEAD)}` }).waitFor();
  await page.getByTestId(`card-${cardId}`).waitFor();
  await page.waitForLoadState('networkidle');  // every card's ETag read
}

function row(id) {
  return sql(`SELECT concat_ws(',', assigned_technician_id, scheduled_date, scheduled_time, status, priority)
              FROM work_orders WHERE id = ${id}`);
}

async function run(browser, evidence) {
  const world = await makeWorld();
  const monday = quietMonday(WEEKS_AHEAD);
  const newContext = async (who) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(15000);
    const page = await context.newPage();
    evidence.watch(page, who);
    return page;
  };

  const a = await newContext('dispatcher A');
  await logIn(a, world.dispatcher, 'not-the-password');
  const refused = await textOf(a.getByTestId('error'));
  check(refused.includes('Incorrect email or password'), `the login error shows "${refused}", not the API's detail`);
  await evidence.step(a, 'dispatcher A', 'wrong password: the API detail is shown');

  await a.getByTestId('login-password').fill(PASSWORD);
  await a.getByTestId('login-submit').click();
  await boardOnQuietWeek(a, world.toDrag.id);
  await evidence.step(a, 'dispatcher A', `board on the week of ${monday}`);

  const day = addDays(monday, 2);
  const dropped = await patchAnswer(a, world.toDrag.id, () =>
    a.getByTestId(`card-${world.toDrag.id}`).dragTo(a.getByTestId(`cell-${world.tech.id}-${day}`)));
  check(dropped === 200, `dragging onto ${day} answered ${dropped}`);
  await a.getByTestId(`cell-${world.tech.id}-${day}`).getByTestId(`card-${world.toDrag.id}`).waitFor();
  check(row(world.toDrag.id) === `${world.tech.id},${day},09:00:00,scheduled,1`,
    `after the drop the database has ${row(world.toDrag.id)}`);
  await evidence.step(a, 'dispatcher A', `dragged work order ${world.toDrag.id} onto ${world.tech.name}, ${day}`);

  // Two dispatchers see the same card; the second move comes from a stale page.
  const b = await newContext('dispatcher B');
  await logIn(b, world.dispatcher, PASSWORD);
  await boardOnQuietWeek(b, world.toRace.id);
  const first = addDays(monday, 3);
  const second = addDays(monday, 4);
  const won = await patchAnswer(a, world.toRace.id, () =>
    a.getByTestId(`card-${world.toRace.id}`).dragTo(a.getByTestId(`cell-${world.tech.id}-${first}`)));
  check(won === 200, `the first move answered ${won}`);
  await evidence.step(a, 'dispatcher A', `moved work order ${world.toRace.id} to ${first}`);
  const lost = await patchAnswer(b, world.toRace.id, () =>
    b.getByTestId(`card-${world.toRace.id}`).dragTo(b.getByTestId(`cell-${world.other.id}-${second}`)));
  check(lost === 412, `the stale move answered ${lost}, not 412`);
  const conflict = await textOf(b.getByTestId('conflict'));
  check(conflict.includes('Changed by someone else'), `the conflict box says "${conflict}"`);
  const current = await textOf(b.getByTestId('conflict-current'));
  check(current.includes(world.tech.name) && current.includes(first), `the current version shown is "${current}"`);
  check(row(world.toRace.id).startsWith(`${world.tech.id},${first},`), 'the stale move changed the database');
  await evidence.step(b, 'dispatcher B', 'stale move: 412, the current version shown');
  await b.getByTestId('conflict-reload').click();
  await b.getByTestId(`cell-${world.tech.id}-${first}`).getByTestId(`card-${world.toRace.id}`).waitFor();
  const retried = await patchAnswer(b, world.toRace.id, () =>
    b.getByTestId(`card-${world.toRace.id}`).dragTo(b.getByTestId(`cell-${world.other.id}-${second}`)));
  check(retried === 200, `the move after reloading answered ${retried}`);
  check(row(world.toRace.id).startsWith(`${world.other.id},${second},`), `after the retry the database has ${row(world.toRace.id)}`);
  await evidence.step(b, 'dispatcher B', `reloaded and moved work order ${world.toRace.id} to ${second}`);

  await a.goto(`${base}/console/#/work-order/${world.toEdit.id}`);
  await a.getByTestId('edit-priority').fill('9');
  const invalid = await patchAnswer(a, world.toEdit.id, () => a.getByTestId('edit-save').click());
  check(invalid === 422, `priority 9 answered ${invalid}`);
  const message = await textOf(a.getByTestId('field-error-priority'));
  check(/less than or equal to 5/.test(message), `the field error shows "${message}"`);
  check(row(world.toEdit.id).endsWith(',1'), 'the refused edit changed the priority');
  await evidence.step(a, 'dispatcher A', 'priority 9: the field error is shown');

  const t = await newContext('technician');
  await logIn(t, world.techEmail, PASSWORD);
  await t.getByTestId(`my-jobs-row-${world.techJob.id}`).waitFor();
  await evidence.step(t, 'technician', 'my jobs');
  await t.getByTestId(`open-${world.techJob.id}`).click();
  await t.getByTestId('work-order-form').waitFor();
  check(await t.getByTestId('edit-priority').count() === 0, 'a technician is offered fields the role may not change');
  await t.getByTestId('edit-status').selectOption('in_progress');
  await t.getByTestId('edit-notes').fill('On site, pumping');
  const started = await patchAnswer(t, world.techJob.id, () => t.getByTestId('edit-save').click());
  check(started === 200, `setting in_progress answered ${started}`);
  await t.getByTestId('saved').waitFor();
  check(sql(`SELECT status || '|' || notes FROM work_orders WHERE id = ${world.techJob.id}`) === 'in_progress|On site, pumping',
    'the database does not show the job in progress');
  await evidence.step(t, 'technician', `work order ${world.techJob.id} set in_progress`);

  await a.goto(`${base}/console/#/reports`);
  await a.getByTestId('chart-status').waitFor();
  await a.getByTestId('chart-performance-bar').first().waitFor();
  const statusBars = await a.getByTestId('chart-status-bar').count();
  check(statusBars === 5, `the status chart draws ${statusBars} bars, not 5`);
  await evidence.step(a, 'dispatcher A', `reports: ${statusBars} status bars, ${await a.getByTestId('chart-performance-bar').count()} technician bars`);
}

const evidence = new Evidence(process.env.CRM_EVIDENCE_DIR ?? 'evidence', 'console');
await runBrowserTest(evidence, EXPECTED_CONSOLE, (browser) => run(browser, evidence));
