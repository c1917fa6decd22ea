// A draggable card; the drag carries the work order id only, the drop target
// reads the rest from the board's state.
import type { WorkOrder } from '../api/types';
import { StatusBadge } from './StatusBadge';

export function WorkOrderCard({ wo }: { wo: WorkOrder }) {
  return (
    <div className={`card status-border-${wo.status}`} draggable data-testid={`card-${wo.id}`}
      onDragStart={(e) => { e.dataTransfer.setData('text/plain', String(wo.id)); e.dataTransfer.effectAllowed = 'move'; }}>
      <a href={`#/work-order/${wo.id}`}>{wo.customer.name}</a>
      <div>{wo.scheduled_time?.slice(0, 5) ?? '—'} <StatusBadge status={wo.status} /></div>
    </div>
  );
}
