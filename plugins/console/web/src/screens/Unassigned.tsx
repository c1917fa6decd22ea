import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Page, WorkOrder } from '../api/types';
import { WorkOrderTable } from '../components/WorkOrderTable';
import { ErrorBox } from '../components/ErrorBox';

export function Unassigned() {
  const [items, setItems] = useState<WorkOrder[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => { get<Page<WorkOrder>>('/schedule/unassigned?page_size=200').then((p) => setItems(p.items)).catch(setError); }, []);
  return <section><h1>Unassigned</h1><ErrorBox error={error} /><WorkOrderTable items={items} testid="unassigned" /></section>;
}
