// The logged-in technician's work orders; each opens the detail, where the
// role allows status and notes only.
import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Page, WorkOrder } from '../api/types';
import { useUser } from '../auth';
import { WorkOrderTable } from '../components/WorkOrderTable';
import { ErrorBox } from '../components/ErrorBox';

export function MyJobs() {
  const u = useUser();
  const [items, setItems] = useState<WorkOrder[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (u.technician_id === null) return;
    get<Page<WorkOrder>>(`/work-orders/?assigned_technician_id=${u.technician_id}&status=pending,scheduled,in_progress&sort=scheduled_date&page_size=200`)
      .then((p) => setItems(p.items)).catch(setError);
  }, [u.technician_id]);
  if (u.technician_id === null) return <p>No technician is linked to this user.</p>;
  return <section><h1>My jobs</h1><ErrorBox error={error} /><WorkOrderTable items={items} testid="my-jobs" /></section>;
}
