// The one place that talks to /api/v2: adds the token, refreshes it once on
// 401, and turns every non-2xx answer into an ApiError carrying the body.
import { loadTokens, saveTokens, clearTokens } from './tokens';

export const API = '/api/v2';

export interface FieldError { loc: (string | number)[]; msg: string; type: string }

export class ApiError extends Error {
  constructor(public status: number, public detail: string | FieldError[], public etag: string | null) {
    super(typeof detail === 'string' ? detail : detail.map((e) => e.msg).join('; '));
  }
}

export interface Answer<T> { data: T; etag: string | null }

async function refresh(): Promise<boolean> {
  const t = loadTokens();
  if (!t) return false;
  const r = await fetch(`${API}/auth/refresh`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refresh_token: t.refresh_token }),
  });
  if (!r.ok) { clearTokens(); return false; }
  saveTokens(await r.json());
  return true;
}

export async function call<T>(method: string, path: string, body?: unknown,
  headers: Record<string, string> = {}, retried = false): Promise<Answer<T>> {
  const t = loadTokens();
  const h: Record<string, string> = { ...headers };
  if (t) h.Authorization = `Bearer ${t.access_token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const r = await fetch(`${API}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401 && t && !retried && !path.startsWith('/auth/') && await refresh())
    return call<T>(method, path, body, headers, true);
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (!r.ok) throw new ApiError(r.status, json?.detail ?? r.statusText, r.headers.get('ETag'));
  return { data: json as T, etag: r.headers.get('ETag') };
}

export const get = <T>(path: string) => call<T>('GET', path).then((a) => a.data);
