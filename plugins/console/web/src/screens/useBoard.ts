// The week board's data: active technicians, the week's work orders, the
// unassigned ones, and each card's ETag. List items carry no ETag, so the
// board GETs each card once when it loads: the version a drop sends in
// If-Match is the one the user saw, and a change made since is a 412.
import { useCallback, useEffect, useState } from 'react';
import { get } from '../api/client';
import { fetchWorkOrder } from '../api/workOrders';
import { addDays } from '../api/dates';
import type { Page, Technician, WorkOrder } from '../api/types';

export function useBoard(monday: string) {
  const [techs, setTechs] = useState<Technician[]>([]);
  const [week, setWeek] = useState<WorkOrder[]>([]);
  const [unassigned, setUnassigned] = useState<WorkOrder[]>([]);
  const [etags, setEtags] = useState<Record<number, string | null>>({});
  const [loaded, setLoaded] = useState(false);

  const reload = useCallback(async () => {
    const [t, w, u] = await Promise.all([
      get<Page<Technician>>('/technicians/?is_active=true&page_size=200&sort=name'),
      get<Page<WorkOrder>>(`/schedule/?start_date=${monday}&end_date=${addDays(monday, 6)}&page_size=200`),
      get<Page<WorkOrder>>('/schedule/unassigned?page_size=200'),
    ]);
    const ids = [...w.items, ...u.items].map((x) => x.id);
    const tags = await Promise.all(ids.map((id) => fetchWorkOrder(id).then((a) => a.etag).catch(() => null)));
    setTechs(t.items); setWeek(w.items.filter((x) => x.assigned_technician_id !== null)); setUnassigned(u.items);
    setEtags(Object.fromEntries(ids.map((id, i) => [id, tags[i]])));
    setLoaded(true);
  }, [monday]);

  useEffect(() => { reload(); }, [reload]);
  return { techs, week, unassigned, etags, setEtags, reload, loaded };
}
