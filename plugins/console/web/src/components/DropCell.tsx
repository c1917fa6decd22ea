// A table cell that accepts a dragged card (HTML5 drag and drop).
import { ReactNode, useState } from 'react';

export function DropCell({ testid, onDrop, children }: { testid: string; onDrop: (id: number) => void; children: ReactNode }) {
  const [over, setOver] = useState(false);
  return (
    <td data-testid={testid} className={over ? 'drop over' : 'drop'}
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => { e.preventDefault(); setOver(false); const id = Number(e.dataTransfer.getData('text/plain')); if (id) onDrop(id); }}>
      {children}
    </td>
  );
}
