import { FormEvent, useState } from 'react';
import { call } from '../api/client';
import { saveTokens } from '../api/tokens';
import type { User } from '../api/types';
import { ErrorBox } from '../components/ErrorBox';

interface LoginAnswer { access_token: string; refresh_token: string; user: User }

export function Login({ onLogin }: { onLogin: (u: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault(); setError(null);
    try {
      const a = await call<LoginAnswer>('POST', '/auth/login', { email, password });
      saveTokens(a.data); onLogin(a.data.user);
    } catch (err) { setError(err); }
  }
  return (
    <form className="login" onSubmit={submit} data-testid="login-form">
      <h1>CRM dispatch console</h1>
      <label>Email <input value={email} onChange={(e) => setEmail(e.target.value)} data-testid="login-email" /></label>
      <label>Password <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" /></label>
      <button type="submit" data-testid="login-submit">Log in</button>
      <ErrorBox error={error} />
    </form>
  );
}
