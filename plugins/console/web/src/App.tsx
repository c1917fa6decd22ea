// Shell: login gate, navigation by location.hash (works under any base path,
// no server round trip), one screen at a time.
import { useEffect, useState } from 'react';
import { call } from './api/client';
import { clearTokens, loadTokens } from './api/tokens';
import type { User } from './api/types';
import { UserContext, canDispatch } from './auth';
import { Login } from './screens/Login';
import { Nav } from './components/Nav';
import { Board } from './screens/Board';
import { Customers } from './screens/Customers';
import { Unassigned } from './screens/Unassigned';
import { MyJobs } from './screens/MyJobs';
import { Reports } from './screens/Reports';
import { WorkOrderDetail } from './screens/WorkOrderDetail';
import { useHash } from './useHash';

export function App() {
  const [user, setUser] = useState<User | null>(null);
  const [checked, setChecked] = useState(false);
  const hash = useHash();

  useEffect(() => {
    if (!loadTokens()) { setChecked(true); return; }
    call<User>('GET', '/auth/me').then((a) => setUser(a.data)).catch(() => clearTokens()).finally(() => setChecked(true));
  }, []);

  if (!checked) return null;
  if (!user) return <Login onLogin={setUser} />;
  const logout = () => { call('POST', '/auth/logout', {}).catch(() => undefined); clearTokens(); setUser(null); };
  const [screen, arg] = (hash || (canDispatch(user) ? 'board' : 'my-jobs')).split('/');
  return (
    <UserContext.Provider value={user}>
      <Nav onLogout={logout} />
      <main>
        {screen === 'board' && <Board week={arg} />}
        {screen === 'customers' && <Customers />}
        {screen === 'unassigned' && <Unassigned />}
        {screen === 'my-jobs' && <MyJobs />}
        {screen === 'reports' && <Reports />}
        {screen === 'work-order' && <WorkOrderDetail id={Number(arg)} />}
      </main>
    </UserContext.Provider>
  );
}
