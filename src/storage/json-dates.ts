// JSON that keeps Date values: a Date is written as { "$date": "<ISO 8601>" } (MongoDB's Extended
// JSON shape) and read back as a Date. Used for JSON columns of the embedded database and for
// `pingate db export` files, so a record makes the round trip with its types intact.

export function stringifyWithDates(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, replaced: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : replaced;
  });
}

export function parseWithDates<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const date = (value as { $date?: unknown }).$date;
      if (keys.length === 1 && typeof date === 'string') return new Date(date);
    }
    return value;
  }) as T;
}
