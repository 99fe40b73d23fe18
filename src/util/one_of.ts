/** Whether `value` is one of `options` (a `const` list of names), narrowing its type. */
export function isOneOf<T extends string>(options: readonly T[], value: string): value is T {
  return (options as readonly string[]).includes(value);
}
