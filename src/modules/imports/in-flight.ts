/**
 * How far the CSV reader thread may run ahead of the writer: batches sent but not yet taken, bounded in
 * number and in bytes of the file they hold. A few batches ahead keep the reader busy while the writer
 * ends a transaction (its search index, its commit and a garbage collection take a few hundred
 * milliseconds, during which the reader would otherwise stop after two batches). Past `floor` batches the
 * byte bound applies too, so files of very wide rows, whose batches end at MAX_BATCH_BYTES (reader.ts)
 * rather than at a row count, hold no more than before: `floor` such batches.
 */
export interface InFlightWindow {
  /** May a batch of this many bytes be sent now? Always while fewer than `floor` are out. */
  fits(bytes: number): boolean;
  sent(bytes: number): void;
  /** The writer took the oldest batch sent. */
  taken(): void;
}

export function createInFlightWindow(limits: { batches: number; bytes: number; floor: number }): InFlightWindow {
  const out: number[] = [];
  let bytesOut = 0;
  return {
    fits: (bytes) =>
      out.length < Math.max(1, limits.floor) || (out.length < limits.batches && bytesOut + bytes <= limits.bytes),
    sent(bytes) {
      out.push(bytes);
      bytesOut += bytes;
    },
    taken() {
      const bytes = out.shift();
      if (bytes !== undefined) bytesOut -= bytes;
    },
  };
}
