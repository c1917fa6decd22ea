// The contract's resource shapes (../../../../shared API.md), as far as the console reads them.
export type Role = 'admin' | 'dispatcher' | 'technician' | 'viewer';
export interface User { id: number; email: string; full_name: string; role: Role; technician_id: number | null }
export interface Customer { id: number; name: string; email: string | null; phone: string | null; city: string | null; region: string | null }
export interface Technician { id: number; name: string; color: string | null; is_active: boolean }
export const STATUSES = ['pending', 'scheduled', 'in_progress', 'completed', 'cancelled'] as const;
export type Status = typeof STATUSES[number];
export interface WorkOrder {
  id: number; customer_id: number; assigned_technician_id: number | null; status: Status; priority: number;
  scheduled_date: string | null; scheduled_time: string | null; description: string | null; notes: string | null;
  estimated_duration: number | null; updated_at: string; customer: Customer; technician: Technician | null;
}
export interface Page<T> { items: T[]; total: number; page: number; page_size: number; pages: number }
export interface Summary { [k: string]: unknown; work_orders_by_status: Record<Status, number> }
export interface Performance { technician_id: number; name: string; assigned: number; completed: number; completion_rate: number | null }
