/**
 * How far the CSV reader thread may run ahead of the writer: batches sent but not yet taken, bounded in
 * number and in bytes of the file they hold. A few batches ahead keep the reader busy while the writer
 * commits (a transaction's end, its search index and its commit take a few hundred milliseconds, during
 * which the reader would otherwise stop after two batches); the byte bound keeps files of very wide rows,
 * whose batches end at MAX_BATCH_BYTES rather than at a row count, from holding much more memory.
 */
export interface InFlightWindow {
  /** May a batch of this many bytes be sent now? One batch is always allowed when none is out. */
  fits(bytes: number): boolean;
  sent(bytes: number): void;
  /** The writer took the oldest batch sent. */
  taken(): void;
}

export function createInFlightWindow(limits: { batches: number; bytes: number }): InFlightWindow {
  const out: number[] = [];
  let bytesOut = 0;
  return {
    fits: (bytes) => out.length === 0 || (out.length < limits.batches && bytesOut + bytes <= limits.bytes),
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
