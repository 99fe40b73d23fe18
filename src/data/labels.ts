import { parseNumber } from './schema';

/**
 * The class order: a label's index in it is its class number. Sorted, not by first appearance,
 * so that every split or shuffle of the same data numbers the classes alike: numerically when
 * every label is a number ("2" before "10"; equal numbers by their text), otherwise by UTF-16
 * code units (locale-independent, unlike localeCompare).
 */
export function orderLabels(values: Iterable<string>): string[] {
  const distinct = [...new Set(values)];
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const numbers = distinct.map(parseNumber);
  if (numbers.every((n) => n !== undefined)) {
    const value = new Map(distinct.map((label, i) => [label, numbers[i] as number]));
    return distinct.sort((a, b) => (value.get(a) as number) - (value.get(b) as number) || byText(a, b));
  }
  return distinct.sort(byText);
}
