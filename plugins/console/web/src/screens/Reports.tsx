import { useEffect, useState } from 'react';
import { get } from '../api/client';
import { STATUSES } from '../api/types';
import type { Page, Performance, Summary } from '../api/types';
import { BarChart } from '../components/BarChart';
import { ErrorBox } from '../components/ErrorBox';

export function Reports() {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [perf, setPerf] = useState<Performance[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<Summary>('/reports/summary').then(setSummary).catch(setError);
    get<Page<Performance>>('/reports/technician-performance?page_size=20').then((p) => setPerf(p.items)).catch(setError);
  }, []);
  return (
    <section data-testid="reports">
      <h1>Reports</h1>
      <ErrorBox error={error} />
      <h2>Work orders by status</h2>
      {summary && <BarChart testid="chart-status" bars={STATUSES.map((s) => ({ label: s, value: summary.work_orders_by_status[s] ?? 0 }))} />}
      <h2>Completed per technician (last 30 days)</h2>
      <BarChart testid="chart-performance" bars={perf.map((p) => ({ label: p.name, value: p.completed }))} />
    </section>
  );
}
