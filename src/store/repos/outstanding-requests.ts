import type { Insertable, Selectable } from 'kysely';
import { insertRow, runTemplate } from '../prepared.js';
import type { OutstandingRequestsTable } from '../schema.js';
import type { NewOutstandingRequest, OutstandingRequest } from '../types.js';
import type { RepoContext } from './context.js';

/** AuthnRequests we sent and still expect an answer to (InResponseTo checking). */
export class OutstandingRequestsRepository {
  constructor(private readonly ctx: RepoContext) {}

  async insert(input: NewOutstandingRequest): Promise<OutstandingRequest> {
    const request: OutstandingRequest = {
      id: input.id,
      ssoSetting: input.ssoSetting,
      relayState: input.relayState ?? null,
      createdAt: input.createdAt ?? this.ctx.now(),
      expiresAt: input.expiresAt,
    };
    const { codec } = this.ctx;
    await insertRow(this.ctx, 'outstanding_requests', {
      id: request.id,
      sso_setting: request.ssoSetting,
      relay_state: request.relayState,
      created_at: codec.ts(request.createdAt),
      expires_at: codec.ts(request.expiresAt),
    } satisfies Insertable<OutstandingRequestsTable>);
    return request;
  }

  /**
   * Takes the request out, once: a single DELETE … RETURNING, so two responses naming the
   * same request cannot both succeed. A request of another setting is left alone; an expired
   * one is deleted and reported as null.
   */
  async consume(id: string, ssoSetting: string, now: Date): Promise<OutstandingRequest | null> {
    const { rows } = await runTemplate(
      this.ctx,
      'outstandingRequests.consume',
      (db, $) =>
        db
          .deleteFrom('outstanding_requests')
          .where('id', '=', $('id'))
          .where('sso_setting', '=', $('setting'))
          .returningAll(),
      { id, setting: ssoSetting },
    );
    const row = rows[0];
    if (!row) return null;
    const request = this.toRequest(row);
    return request.expiresAt.getTime() > now.getTime() ? request : null;
  }

  /** Deletes requests that expired at or before `now`. Returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('outstanding_requests')
      .where('expires_at', '<=', this.ctx.codec.ts(now))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private toRequest(row: Selectable<OutstandingRequestsTable>): OutstandingRequest {
    const { codec } = this.ctx;
    return {
      id: row.id,
      ssoSetting: row.sso_setting,
      relayState: row.relay_state,
      createdAt: codec.date(row.created_at),
      expiresAt: codec.date(row.expires_at),
    };
  }
}
