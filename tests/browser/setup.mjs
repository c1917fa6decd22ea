// What the browser test needs before a page opens, made through the API
// as an admin (users, a technician linked to its user, a customer, work
// orders), and the database read back with psql to check what the pages
// claim.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export const PASSWORD = 'a-long-enough-password';
const base = process.env.CRM_TEST_URL;

export async function api(method, path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function made(method, path, body, token) {
  const answer = await api(method, path, body, token);
  if (answer.status !== 201) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export function sql(query) {
  return execFileSync('psql', [process.env.DATABASE_URL, '-XAtc', query], { encoding: 'utf8' }).trim();
}

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

// A Monday far enough ahead that no other suite schedules anything there.
export function quietMonday(weeksAhead) {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 7 * weeksAhead);
  return isoDay(d);
}

export function addDays(day, n) {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}

export async function makeWorld() {
  const tag = randomBytes(4).toString('hex');
  const login = await api('POST', '/api/v2/auth/login',
    { email: process.env.CRM_TEST_ADMIN_EMAIL, password: process.env.CRM_TEST_ADMIN_PASSWORD });
  if (login.status !== 200) throw new Error(`admin login: ${login.status}`);
  const admin = login.body.access_token;
  const user = async (role) => {
    const email = `browser-${role}-${tag}@example.com`;
    await made('POST', '/api/v2/users', { email, password: PASSWORD, full_name: `Browser ${role} ${tag}`, role }, admin);
    return email;
  };
  const dispatcher = await user('dispatcher');
  const techEmail = await user('technician');
  const me = (await api('POST', '/api/v2/auth/login', { email: techEmail, password: PASSWORD })).body.user;
  // Names sort first, so the board's first page of technicians holds them.
  const tech = await made('POST', '/api/v2/technicians', { name: `000 Browser ${tag}`, color: '#2a9d8f', user_id: me.id }, admin);
  const other = await made('POST', '/api/v2/technicians', { name: `001 Browser ${tag}`, color: '#e76f51' }, admin);
  const customer = await made('POST', '/api/v2/customers', { name: `Browser Septic ${tag}`, city: 'Springfield' }, admin);
  // Priority 1 puts them at the top of the unassigned list.
  const order = (extra) => made('POST', '/api/v2/work-orders',
    { customer_id: customer.id, priority: 1, description: `browser ${tag}`, ...extra }, admin);
  return {
    tag, admin, dispatcher, techEmail, tech, other, customer,
    toDrag: await order({}),
    toRace: await order({}),
    toEdit: await order({}),
    techJob: await order({ assigned_technician_id: tech.id, scheduled_date: quietMonday(1), status: 'scheduled' }),
  };
}
