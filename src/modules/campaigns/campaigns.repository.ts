import { and, asc, count, desc, eq, gt, ilike, isNull, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../adapters/db/db.js';
import type { Platform } from '../../shared/campaign-platforms.js';
import type { Campaign, CampaignOverlay, ValidCampaign } from './campaigns.models.js';
import { campaignsTable as campaigns, campaignSubmissionsTable as submissions } from './campaigns.table.js';

export interface Submission {
  id: number;
  campaignId: number;
  email: string;
  urls: Partial<Record<Platform, string>>;
  createdAt: Date;
  updatedAt: Date;
}

const live = isNull(campaigns.deletedAt);
/** `%`, `_` and `\` typed in a search are literal characters, not patterns. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createCampaignsRepository({ db }: { db: Db }) {
  return {
    async create(input: ValidCampaign & { overlay: CampaignOverlay | null }): Promise<Campaign> {
      const [row] = await db.insert(campaigns).values(input).returning();
      return row!;
    },

    /** null when there is no such campaign (or it was deleted). */
    async update(id: number, input: ValidCampaign & { overlay: CampaignOverlay | null }): Promise<Campaign | null> {
      const [row] = await db
        .update(campaigns)
        .set({ ...input, updatedAt: sql`now()` })
        .where(and(eq(campaigns.id, id), live))
        .returning();
      return row ?? null;
    },

    /** Soft delete: the campaign disappears everywhere, its entries stay. */
    async remove(id: number): Promise<boolean> {
      const rows = await db
        .update(campaigns)
        .set({ deletedAt: sql`now()` })
        .where(and(eq(campaigns.id, id), live))
        .returning({ id: campaigns.id });
      return rows.length > 0;
    },

    async get(id: number): Promise<Campaign | null> {
      const [row] = await db
        .select()
        .from(campaigns)
        .where(and(eq(campaigns.id, id), live));
      return row ?? null;
    },

    /** Every campaign that is not deleted, soonest first (there are tens, not thousands: status is derived after). */
    async listAll(): Promise<Campaign[]> {
      return db.select().from(campaigns).where(live).orderBy(asc(campaigns.startAt), asc(campaigns.id));
    },

    /** Every campaign that is not deleted, newest first, with its entry count. */
    async listWithEntryCounts(): Promise<(Campaign & { entries: number })[]> {
      const rows = await db
        .select({ campaign: campaigns, entries: sql<number>`count(${submissions.id})::int` })
        .from(campaigns)
        .leftJoin(submissions, eq(submissions.campaignId, campaigns.id))
        .where(live)
        .groupBy(campaigns.id)
        .orderBy(desc(campaigns.startAt), desc(campaigns.id));
      return rows.map((row) => ({ ...row.campaign, entries: row.entries }));
    },

    /** CMP-4: one entry per email and campaign; the second submit replaces the URLs. */
    async upsertSubmission(input: {
      campaignId: number;
      email: string;
      urls: Partial<Record<Platform, string>>;
    }): Promise<{ submission: Submission; created: boolean }> {
      const [row] = await queryRows<Record<string, unknown>>(
        db,
        sql`insert into ${submissions} (campaign_id, email, urls)
            values (${input.campaignId}, ${input.email}, ${JSON.stringify(input.urls)}::jsonb)
            on conflict (campaign_id, email) do update set urls = excluded.urls, updated_at = now()
            returning id, campaign_id, email, urls, created_at, updated_at, (xmax = 0) as created`,
      );
      const submission: Submission = {
        id: Number(row!.id),
        campaignId: Number(row!.campaign_id),
        email: String(row!.email),
        urls: (typeof row!.urls === 'string' ? JSON.parse(row!.urls) : row!.urls) as Submission['urls'],
        createdAt: new Date(row!.created_at as string),
        updatedAt: new Date(row!.updated_at as string),
      };
      return { submission, created: Boolean(row!.created) };
    },

    /** Newest first; `search` matches part of the email, case-insensitively. */
    async submissions({
      campaignId,
      page,
      pageSize,
      search,
    }: {
      campaignId: number;
      page: number;
      pageSize: number;
      search?: string;
    }): Promise<{ rows: Submission[]; total: number }> {
      const where = and(
        eq(submissions.campaignId, campaignId),
        search ? ilike(submissions.email, `%${likeEscape(search)}%`) : undefined,
      );
      const rows = await db
        .select()
        .from(submissions)
        .where(where)
        .orderBy(desc(submissions.updatedAt), desc(submissions.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const [total] = await db.select({ n: count() }).from(submissions).where(where);
      return { rows, total: total?.n ?? 0 };
    },

    /** Every entry of a campaign, oldest first, a batch at a time (keyset), for exports of any size. */
    async *eachSubmission(campaignId: number, batchSize = 500): AsyncGenerator<Submission> {
      let after = 0;
      for (;;) {
        const batch = await db
          .select()
          .from(submissions)
          .where(and(eq(submissions.campaignId, campaignId), gt(submissions.id, after)))
          .orderBy(asc(submissions.id))
          .limit(batchSize);
        yield* batch;
        if (batch.length < batchSize) return;
        after = batch.at(-1)!.id;
      }
    },
  };
}

export type CampaignsRepository = ReturnType<typeof createCampaignsRepository>;
