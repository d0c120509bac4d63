// Numbers in plain words for the caveats and summaries the UI shows as they are.
export const pct = (x: number) => `${Math.round(x * 100)}%`;

/** A difference of two rates in percentage points, signed ("+12", "−3", "0"). */
export function points(x: number): string {
  const v = Math.round(x * 100);
  return v > 0 ? `+${v}` : v < 0 ? `−${Math.abs(v)}` : "0";
}

export const fixed = (x: number, digits = 2) => x.toFixed(digits).replace("-", "−");

export function pValue(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(p < 0.01 ? 3 : 2)}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function duration(seconds: number): string {
  if (seconds < 3600) return plural(Math.round(seconds / 60), "minute");
  return `${(seconds / 3600).toFixed(1)} hours`;
}
