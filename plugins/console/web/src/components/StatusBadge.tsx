import type { Status } from '../api/types';

export function StatusBadge({ status }: { status: Status }) {
  return <span className={`status status-${status}`} data-testid="status">{status.replace('_', ' ')}</span>;
}
