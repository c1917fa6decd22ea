// Tokens live in sessionStorage: one tab, one login, gone when the tab closes.
export interface Tokens { access_token: string; refresh_token: string }
const KEY = 'crm-console-tokens';

export function loadTokens(): Tokens | null {
  const s = sessionStorage.getItem(KEY);
  return s ? (JSON.parse(s) as Tokens) : null;
}
export function saveTokens(t: Tokens) {
  sessionStorage.setItem(KEY, JSON.stringify({ access_token: t.access_token, refresh_token: t.refresh_token }));
}
export function clearTokens() { sessionStorage.removeItem(KEY); }
