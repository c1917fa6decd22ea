import { canDispatch, useUser } from '../auth';

export function Nav({ onLogout }: { onLogout: () => void }) {
  const u = useUser();
  return (
    <nav data-testid="nav">
      {canDispatch(u) && <a href="#/board" data-testid="nav-board">Week board</a>}
      {canDispatch(u) && <a href="#/unassigned" data-testid="nav-unassigned">Unassigned</a>}
      <a href="#/customers" data-testid="nav-customers">Customers</a>
      {u.technician_id !== null && <a href="#/my-jobs" data-testid="nav-my-jobs">My jobs</a>}
      {u.role !== 'technician' && <a href="#/reports" data-testid="nav-reports">Reports</a>}
      <span className="who" data-testid="who">{u.full_name} ({u.role})</span>
      <button onClick={onLogout} data-testid="logout">Log out</button>
    </nav>
  );
}
