import type { DrawStatus } from '@exam/shared';
import type { Db, Tx } from '../db/database';
import type { LotDrawsTable } from '../db/schema/interview';

export async function latestDraw(db: Db | Tx, dayId: string): Promise<LotDrawsTable | undefined> {
  return db.selectFrom('lot_draws').selectAll().where('day_id', '=', dayId).orderBy('attempt', 'desc').limit(1).executeTakeFirst();
}

export async function drawStatus(db: Db | Tx, draw: LotDrawsTable): Promise<DrawStatus> {
  const entries = await db.selectFrom('lot_entries').selectAll().where('draw_id', '=', draw.id).execute();
  const contributors = JSON.parse(draw.contributors_json) as Array<{ key: string; name: string }>;
  const order = draw.order_json ? (JSON.parse(draw.order_json) as string[]) : null;
  return {
    drawId: draw.id,
    attempt: draw.attempt,
    state: draw.state,
    candidatesHash: draw.candidates_hash,
    tickets: (JSON.parse(draw.tickets_json) as string[]).length,
    // The server contributes first (draw.ts), before any person.
    contributors: contributors.map((c, i) => {
      const e = entries.find((x) => x.contributor === c.key);
      return { name: c.name, key: c.key, server: i === 0, committed: !!e, revealed: !!e?.revealed_at };
    }),
    lots: order && draw.state === 'done' ? order.map((ticket, i) => ({ ticket, lot: i + 1 })) : null,
  };
}
