// Technicians × days; drop a card on a day to assign and schedule it at the
// chosen time slot (PATCH with If-Match).
import { useState } from 'react';
import { ApiError } from '../api/client';
import { fetchWorkOrder, patchWorkOrder } from '../api/workOrders';
import { addDays, mondayOf } from '../api/dates';
import type { WorkOrder } from '../api/types';
import { WorkOrderCard } from '../components/WorkOrderCard';
import { ErrorBox } from '../components/ErrorBox';
import { ConflictBox } from '../components/ConflictBox';
import { DropCell } from '../components/DropCell';
import { useBoard } from './useBoard';

const SLOTS = ['08:00', '09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00', '17:00'];

// The week is in the URL (#/board/2027-04-19), so a reload or a shared link
// opens the same week; without one, this week.
function weekOf(day: string | undefined) {
  const given = day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00Z`) : null;
  return mondayOf(given && !Number.isNaN(given.getTime()) ? given : new Date());
}

export function Board({ week }: { week?: string }) {
  const monday = weekOf(week);
  const setMonday = (day: string) => { window.location.hash = `#/board/${day}`; };
  const [slot, setSlot] = useState('09:00');
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<WorkOrder | null | undefined>(undefined);
  const [saved, setSaved] = useState('');
  const b = useBoard(monday);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));

  async function move(id: number, techId: number, date: string) {
    setError(null); setConflict(undefined); setSaved('');
    try {
      const a = await patchWorkOrder(id, b.etags[id] ?? null,
        { assigned_technician_id: techId, scheduled_date: date, scheduled_time: slot, status: 'scheduled' });
      setSaved(`Work order ${id} moved`);
      await b.reload();
      b.setEtags((e) => ({ ...e, [id]: a.etag }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        const cur = await fetchWorkOrder(id).catch(() => null);
        setConflict(cur ? cur.data : null);
      } else setError(e);
    }
  }

  const cardsAt = (techId: number, date: string) =>
    b.week.filter((w) => w.assigned_technician_id === techId && w.scheduled_date === date);

  return (
    <section data-testid="board" data-loaded={b.loaded ? 'yes' : 'no'}>
      <h1>Week of {monday}</h1>
      <div className="toolbar">
        <button onClick={() => setMonday(addDays(monday, -7))} data-testid="prev-week">◀</button>
        <button onClick={() => setMonday(addDays(monday, 7))} data-testid="next-week">▶</button>
        <label>Time slot <select value={slot} onChange={(e) => setSlot(e.target.value)} data-testid="slot">
          {SLOTS.map((s) => <option key={s}>{s}</option>)}
        </select></label>
        <button onClick={() => b.reload()} data-testid="board-reload">Reload</button>
      </div>
      {saved && <p className="ok" data-testid="saved">{saved}</p>}
      <ErrorBox error={error} />
      {conflict !== undefined && <ConflictBox current={conflict} onReload={() => { setConflict(undefined); b.reload(); }} />}
      <div className="board">
        <div className="unassigned-col" data-testid="unassigned-column">
          <h2>Unassigned</h2>
          {b.unassigned.map((w) => <WorkOrderCard key={w.id} wo={w} />)}
        </div>
        <div className="week"><table>
          <thead><tr><th />{days.map((d) => <th key={d}>{d}</th>)}</tr></thead>
          <tbody>
            {b.techs.map((t) => (
              <tr key={t.id} data-testid={`tech-row-${t.id}`}>
                <th style={{ borderLeft: `4px solid ${t.color ?? '#999'}` }}>{t.name}</th>
                {days.map((d) => (
                  <DropCell key={d} testid={`cell-${t.id}-${d}`} onDrop={(id) => move(id, t.id, d)}>
                    {cardsAt(t.id, d).map((w) => <WorkOrderCard key={w.id} wo={w} />)}
                  </DropCell>
                ))}
              </tr>
            ))}
          </tbody>
        </table></div>
      </div>
    </section>
  );
}
