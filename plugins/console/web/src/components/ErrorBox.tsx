// Shows an API error as the contract words it: the detail string, or one
// line per 422 entry naming its field.
import { ApiError } from '../api/client';

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError && Array.isArray(error.detail))
    return (
      <ul className="error" data-testid="error">
        {error.detail.map((e, i) => (
          <li key={i} data-testid={`field-error-${e.loc[e.loc.length - 1]}`}>{String(e.loc[e.loc.length - 1])}: {e.msg}</li>
        ))}
      </ul>
    );
  return <p className="error" data-testid="error">{error instanceof Error ? error.message : String(error)}</p>;
}
