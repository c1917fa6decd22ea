// PATCH with If-Match: the ETag of the last GET the caller saw, so a change
// made meanwhile by someone else is a 412 instead of a silent overwrite.
import { call } from './client';
import type { WorkOrder } from './types';

export async function fetchWorkOrder(id: number) {
  return call<WorkOrder>('GET', `/work-orders/${id}`);
}

export async function patchWorkOrder(id: number, etag: string | null, changes: Partial<WorkOrder>) {
  return call<WorkOrder>('PATCH', `/work-orders/${id}`, changes, etag ? { 'If-Match': etag } : {});
}
