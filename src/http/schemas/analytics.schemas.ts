import { type Static, Type } from '@sinclair/typebox';

/**
 * ANA-1. `days`, `source` and `template` are checked by the use case so the 400 names the parameter in the admin's
 * words; here they are only bounded.
 */
const filterFields = {
  days: Type.Optional(Type.String({ maxLength: 20, description: 'today | yesterday | 7 | 30 | 90 (default 7)' })),
  source: Type.Optional(Type.String({ maxLength: 20, description: 'telegram | web | api | all (default all)' })),
  template: Type.Optional(Type.String({ maxLength: 200, description: 'Only this template (slug)' })),
};
const PageNumber = Type.String({ pattern: '^[1-9][0-9]{0,5}$' });

export const StatsQuery = Type.Object(
  {
    ...filterFields,
    page: Type.Optional(PageNumber),
    q: Type.Optional(
      Type.String({ maxLength: 64, pattern: '^[^\\u0000-\\u001F\\u007F]*$', description: 'Codes containing this' }),
    ),
    users_page: Type.Optional(PageNumber),
  },
  { additionalProperties: false },
);
export const ExportQuery = Type.Object(filterFields, { additionalProperties: false });
export const CodesQuery = Type.Object(
  { ...filterFields, page: StatsQuery.properties.page, q: StatsQuery.properties.q },
  { additionalProperties: false },
);
export const UsersQuery = Type.Object(
  { ...filterFields, page: StatsQuery.properties.page },
  { additionalProperties: false },
);

const Count = Type.Integer({ minimum: 0 });
const Rate = Type.Number({ description: 'Percentage, one decimal' });
const Bucket = Type.Object({
  label: Type.String({ description: '`HH:00` (hourly) or `YYYY-MM-DD` (daily), in the zone' }),
  date: Type.String({ description: 'Hourly: the instant the local hour first began (UTC ISO); daily: the local date' }),
  count: Count,
});
const TopUser = Type.Union([Type.Object({ id: Type.Integer(), name: Type.String(), count: Count }), Type.Null()]);

export const PopularCoupons = Type.Object({
  items: Type.Array(Type.Object({ coupon: Type.String(), count: Count, unique_users: Count, top_user: TopUser })),
  page: Type.Integer(),
  page_size: Type.Literal(50),
  total: Count,
  q: Type.String(),
});
export const ActiveUsers = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      username: Type.Union([Type.String(), Type.Null()]),
      uses: Count,
      successes: Count,
      last_used_at: Type.String(),
    }),
  ),
  page: Type.Integer(),
  page_size: Type.Integer(),
  total: Count,
});

export const BotStats = Type.Object(
  {
    total_uses: Type.Integer({ description: 'Generation attempts (invalid-code and unavailable attempts apart)' }),
    successful_uses: Count,
    success_rate: Rate,
    unique_users: Type.Integer({ description: 'Distinct bot users (web and API have no accounts)' }),
    invalid_attempts: Count,
    unavailable_attempts: Count,
    popular_templates: Type.Array(Type.Object({ template: Type.String(), count: Count })),
    popular_coupons: Type.Object({
      items: Type.Array(Type.Object({ coupon: Type.String(), count: Count, unique_users: Count, top_user: TopUser })),
      page: Type.Integer(),
      page_size: Type.Literal(50),
      total: Count,
      q: Type.String(),
    }),
    errors: Type.Array(Type.Object({ type: Type.String(), count: Count })),
    usage_data: Type.Array(Bucket),
    daily_usage: Type.Array(Bucket, { description: 'The same series as usage_data (kept for old readers)' }),
    granularity: Type.Union([Type.Literal('hourly'), Type.Literal('daily')]),
    timezone: Type.String(),
    period: Type.Object({
      days: Type.String(),
      source: Type.String(),
      template: Type.Union([Type.String(), Type.Null()]),
      start: Type.String(),
      end: Type.String(),
    }),
    retention: Type.Object({
      cohort: Type.Integer({ description: 'Bot users whose first use ever fell in the period' }),
      days: Type.Array(Type.Object({ day: Type.Integer(), eligible: Count, returned: Count, rate: Rate })),
    }),
    heatmap: Type.Object({
      max: Count,
      rows: Type.Array(
        Type.Object({
          weekday: Type.Integer({ description: 'ISO: 1 = Monday' }),
          label: Type.String(),
          counts: Type.Array(Count, { description: 'Uses per local hour 0…23' }),
        }),
      ),
    }),
    active_users: ActiveUsers,
    invalid_codes: Type.Array(
      Type.Object({ coupon: Type.String(), count: Count, unique_users: Count, last_tried_at: Type.String() }),
    ),
  },
  { title: 'BotStats' },
);
export type BotStatsBody = Static<typeof BotStats>;
