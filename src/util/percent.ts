/**
 * A share in [0, 1] as a percentage with `digits` decimals that never rounds onto an edge it has
 * not reached: 1,999 of 2,000 is "99.9%", not "100.0%", and 1 of 20,000 is "0.01%", not
 * "0.00%". Rule precisions, accuracies and hardening fidelity are read for exactly those edges
 * (a perfect rule, a fidelity that must be 100%), so a rounded 100% would misinform.
 */
export function formatPercent(share: number, digits: number): string {
  const scale = 10 ** digits;
  let scaled = Math.round(100 * share * scale);
  if (scaled === 100 * scale && share < 1) scaled -= 1;
  else if (scaled === 0 && share > 0) scaled = 1;
  return `${(scaled / scale).toFixed(digits)}%`;
}
