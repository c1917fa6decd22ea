import type { WorkOrder } from '../api/types';
import { StatusBadge } from './StatusBadge';

export function WorkOrderTable({ items, testid }: { items: WorkOrder[]; testid: string }) {
  return (
    <table data-testid={testid}>
      <thead><tr><th>#</th><th>Customer</th><th>Date</th><th>Time</th><th>Priority</th><th>Status</th></tr></thead>
      <tbody>
        {items.map((w) => (
          <tr key={w.id} data-testid={`${testid}-row-${w.id}`}>
            <td><a href={`#/work-order/${w.id}`} data-testid={`open-${w.id}`}>{w.id}</a></td>
            <td>{w.customer.name}</td><td>{w.scheduled_date ?? '—'}</td><td>{w.scheduled_time?.slice(0, 5) ?? '—'}</td>
            <td>{w.priority}</td><td><StatusBadge status={w.status} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
