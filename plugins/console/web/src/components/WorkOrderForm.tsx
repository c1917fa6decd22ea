// The edit form. Values are sent as typed (priority as a number, empty text
// as null) and the server validates them: its 422 names the field.
import { FormEvent, useState } from 'react';
import { STATUSES, Status, WorkOrder } from '../api/types';

export type FormValues = Partial<WorkOrder>;

export function WorkOrderForm({ wo, full, onSave }: { wo: WorkOrder; full: boolean; onSave: (v: FormValues) => void }) {
  const [status, setStatus] = useState<Status>(wo.status);
  const [notes, setNotes] = useState(wo.notes ?? '');
  const [priority, setPriority] = useState(String(wo.priority));
  const [description, setDescription] = useState(wo.description ?? '');
  const [duration, setDuration] = useState(wo.estimated_duration === null ? '' : String(wo.estimated_duration));
  function submit(e: FormEvent) {
    e.preventDefault();
    const v: FormValues = { status, notes: notes || null };
    if (full) {
      v.priority = Number(priority);
      v.description = description || null;
      v.estimated_duration = duration === '' ? null : Number(duration);
    }
    onSave(v);
  }
  return (
    <form onSubmit={submit} data-testid="work-order-form">
      <label>Status <select value={status} onChange={(e) => setStatus(e.target.value as Status)} data-testid="edit-status">
        {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
      </select></label>
      {full && <label>Priority <input type="number" value={priority} onChange={(e) => setPriority(e.target.value)} data-testid="edit-priority" /></label>}
      {full && <label>Description <input value={description} onChange={(e) => setDescription(e.target.value)} data-testid="edit-description" /></label>}
      {full && <label>Duration (min) <input type="number" value={duration} onChange={(e) => setDuration(e.target.value)} data-testid="edit-duration" /></label>}
      <label>Notes <textarea value={notes} onChange={(e) => setNotes(e.target.value)} data-testid="edit-notes" /></label>
      <button type="submit" data-testid="edit-save">Save</button>
    </form>
  );
}
