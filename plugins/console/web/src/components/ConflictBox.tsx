// A 412: the card changed since it was read. Shows the current version and
// lets the user reload it, then retry the move.
import type { WorkOrder } from '../api/types';

export function ConflictBox({ current, onReload }: { current: WorkOrder | null; onReload: () => void }) {
  return (
    <div className="conflict" data-testid="conflict">
      <p>Changed by someone else.</p>
      {current && (
        <p data-testid="conflict-current">
          Now: {current.technician?.name ?? 'unassigned'}, {current.scheduled_date ?? 'no date'} {current.scheduled_time ?? ''} ({current.status}), updated {current.updated_at}
        </p>
      )}
      <button onClick={onReload} data-testid="conflict-reload">Reload</button>
    </div>
  );
}
