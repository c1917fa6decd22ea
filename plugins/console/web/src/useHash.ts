import { useEffect, useState } from 'react';

// The current route: location.hash without '#/'.
export function useHash() {
  const read = () => window.location.hash.replace(/^#\/?/, '');
  const [h, setH] = useState(read);
  useEffect(() => {
    const on = () => setH(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return h;
}
