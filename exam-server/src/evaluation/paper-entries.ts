/**
 * The paper ballots entered by one teller, waiting for the other's entry (evaluation/paper.ts): in
 * memory only, never logged or stored. One process keeps them itself; the processes of
 * `exam start --processes N` keep them in the primary (cluster/primary-memory.ts), so that the two
 * tellers' stations may be served by different processes.
 */
export interface PaperEntries {
  /**
   * One teller's entry of the ballot of card `key`: the first (`first`), the same station again
   * (`same` when it matches its own entry, `own-differs` when not), or the second station's — which
   * `matches` the first or not (`mismatch`, and the card is listed). Either way the waiting entry is gone.
   */
  enter(evaluationId: string, key: string, json: string, station: string): Promise<'first' | 'same' | 'own-differs' | 'matches' | 'mismatch'>;
  /** A matched ballot was counted: the card leaves the list of mismatches. */
  counted(evaluationId: string, key: string): Promise<void>;
  status(evaluationId: string): Promise<{ paperWaiting: number; mismatches: string[] }>;
  forget(evaluationId: string): Promise<void>;
}

export class PaperEntriesInMemory implements PaperEntries {
  private readonly all = new Map<string, { entries: Map<string, { json: string; station: string }>; mismatches: Set<string> }>();
  private of(evaluationId: string) {
    let p = this.all.get(evaluationId);
    if (!p) this.all.set(evaluationId, (p = { entries: new Map(), mismatches: new Set() }));
    return p;
  }
  async enter(evaluationId: string, key: string, json: string, station: string) {
    const p = this.of(evaluationId);
    const first = p.entries.get(key);
    if (!first) {
      p.entries.set(key, { json, station });
      return 'first' as const;
    }
    if (first.station === station) return first.json === json ? ('same' as const) : ('own-differs' as const);
    p.entries.delete(key);
    if (first.json !== json) {
      p.mismatches.add(key.slice(0, 8));
      return 'mismatch' as const;
    }
    return 'matches' as const;
  }
  async counted(evaluationId: string, key: string) {
    this.all.get(evaluationId)?.mismatches.delete(key.slice(0, 8));
  }
  async status(evaluationId: string) {
    const p = this.all.get(evaluationId);
    return { paperWaiting: p?.entries.size ?? 0, mismatches: [...(p?.mismatches ?? [])].sort() };
  }
  async forget(evaluationId: string) {
    this.all.delete(evaluationId);
  }
}
