// One work order, editable by those the role allows: dispatchers every
// patchable field, the assigned technician status and notes only.
import { useEffect, useState } from "react";
import { ApiError } from '../api/client';
import { fetchWorkOrder, patchWorkOrder } from '../api/workOrders';
import type { WorkOrder } from "../api/types";
import { canDispatch, useUser } from '../auth';
import { ErrorBox } from '../components/ErrorBox';
import { ConflictBox } from '../components/ConflictBox';
import { WorkOrderForm, FormValues } from '../components/WorkOrderForm';

export function WorkOrderDetail({ id }: { id: number }) {
  const u = useUser();
  const [wo, setWo] = useState<WorkOrder | null>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState(false);
  const load = () => fetchWorkOrder(id).then((a) => { setWo(a.data); setEtag(a.etag); }).catch(setError);
  useEffect(() => { load(); }, [id]);

  async function save(values: FormValues) {
    setError(null); setSaved(false); setConflict(false);
    try {
      const a = await patchWorkOrder(id, etag, values);
      setWo(a.data); setEtag(a.etag); setSaved(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) setConflict(true); else setError(e);
    }
  }
  if (!wo) return <ErrorBox error={error} />;
  const full = canDispatch(u);
  const mine = u.technician_id !== null && wo.assigned_technician_id === u.technician_id;
  return (
    <section data-testid="work-order-detail">
      <h1>Work order {wo.id}: {wo.customer.name}</h1>
      <p>{wo.description}</p>
      <p>Technician: {wo.technician?.name ?? 'unassigned'}; {wo.scheduled_date ?? 'no date'} {wo.scheduled_time ?? ''}</p>
      {(full || mine) && <WorkOrderForm key={etag ?? ''} wo={wo} full={full} onSave={save} />}
      {saved && <p className="ok" data-testid="saved">Saved</p>}
      <ErrorBox error={error} />
      {conflict && <ConflictBox current={null} onReload={() => { setConflict(false); load(); }} />}
    </section>
  );
}
