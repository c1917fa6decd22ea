// Horizontal bars in plain SVG: no chart library, nothing from a CDN.
export interface Bar { label: string; value: number }

export function BarChart({ bars, testid }: { bars: Bar[]; testid: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 24;
  return (
    <svg data-testid={testid} width="480" height={bars.length * row + 4} role="img">
      {bars.map((b, i) => (
        <g key={b.label} transform={`translate(0, ${i * row})`}>
          <text x="0" y="16" fontSize="12">{b.label}</text>
          <rect data-testid={`${testid}-bar`} x="160" y="4" height="16" width={(b.value / max) * 260} fill="#4a78c2" />
          <text x={166 + (b.value / max) * 260} y="16" fontSize="12">{b.value}</text>
        </g>
      ))}
    </svg>
  );
}
