import { useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Customer, Page } from '../api/types';
import { ErrorBox } from '../components/ErrorBox';

export function Customers() {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState<Page<Customer> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const t = setTimeout(() => {
      get<Page<Customer>>(`/customers/?page_size=50&search=${encodeURIComponent(search.trim())}`).then(setPage).catch(setError);
    }, 250);
    return () => clearTimeout(t);
  }, [search]);
  return (
    <section>
      <h1>Customers</h1>
      <input placeholder="Search name, email or phone" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="customer-search" />
      <ErrorBox error={error} />
      {page && <p data-testid="customer-total">{page.total} customers</p>}
      <table data-testid="customers">
        <thead><tr><th>Name</th><th>Email</th><th>Phone</th><th>City</th><th>Region</th></tr></thead>
        <tbody>{page?.items.map((c) => (
          <tr key={c.id} data-testid={`customer-${c.id}`}><td>{c.name}</td><td>{c.email}</td><td>{c.phone}</td><td>{c.city}</td><td>{c.region}</td></tr>
        ))}</tbody>
      </table>
    </section>
  );
}
