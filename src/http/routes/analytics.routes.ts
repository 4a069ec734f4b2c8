import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  exportCodes,
  exportUsage,
  getActiveUsers,
  getBotStats,
  getPopularCodes,
} from '../../modules/analytics/analytics.usecases.js';
import { requireAdmin } from '../admin-guard.js';
import { sendCsv } from '../csv.js';
import type { HttpDeps } from '../http.deps.js';
import {
  ActiveUsers,
  BotStats,
  CodesQuery,
  ExportQuery,
  PopularCoupons,
  StatsQuery,
  UsersQuery,
} from '../schemas/analytics.schemas.js';
import { answers } from '../schemas/common.schemas.js';

const CODE_COLUMNS = ['code', 'generations', 'unique_users', 'first_used_at', 'last_used_at'];
const USAGE_COLUMNS = [
  'id',
  'created_at',
  'source',
  'action',
  'outcome',
  'error_type',
  'template',
  'variant',
  'code',
  'user_id',
  'chat_id',
  'chat_type',
];

/** ANA-1…4 (admin): the dashboard's numbers, and the period's codes and usage rows as CSV. */
export function analyticsRoutes(
  deps: Pick<HttpDeps, 'analytics' | 'adminAuth' | 'publicUrl'>,
): FastifyPluginAsyncTypebox {
  const tags = ['admin', 'analytics'];
  return async (app) => {
    app.addHook('onRequest', requireAdmin(deps));

    app.get(
      '/api/bot-stats',
      {
        schema: {
          summary: 'Usage of a period: totals, chart series, top templates and codes, errors, retention, heat map',
          tags,
          querystring: StatsQuery,
          response: answers({ 200: BotStats }),
        },
      },
      async (request) => {
        const { page, users_page, ...rest } = request.query;
        return getBotStats(deps.analytics, {
          ...rest,
          page: page ? Number(page) : undefined,
          usersPage: users_page ? Number(users_page) : undefined,
        });
      },
    );
    app.get(
      '/api/bot-stats/coupons',
      {
        schema: {
          summary: 'One page of popular codes (50), optionally those containing q: paging without the whole dashboard',
          tags,
          querystring: CodesQuery,
          response: answers({ 200: PopularCoupons }),
        },
      },
      async (request) => {
        const { page, ...rest } = request.query;
        return getPopularCodes(deps.analytics, { ...rest, page: page ? Number(page) : undefined });
      },
    );
    app.get(
      '/api/bot-stats/active-users',
      {
        schema: {
          summary: 'One page of the most active bot users (20)',
          tags,
          querystring: UsersQuery,
          response: answers({ 200: ActiveUsers }),
        },
      },
      async (request) => {
        const { page, ...rest } = request.query;
        return getActiveUsers(deps.analytics, { ...rest, usersPage: page ? Number(page) : undefined });
      },
    );
    app.get(
      '/api/bot-stats/coupons.csv',
      {
        schema: { summary: 'Every code of the period as CSV', tags, querystring: ExportQuery, produces: ['text/csv'] },
      },
      async (request, reply) => {
        const { filename, rows } = exportCodes(deps.analytics, request.query);
        return sendCsv(reply, { filename, columns: CODE_COLUMNS, rows });
      },
    );
    app.get(
      '/api/bot-stats/usage.csv',
      {
        schema: {
          summary: 'The raw usage rows of the period as CSV',
          tags,
          querystring: ExportQuery,
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const { filename, rows } = exportUsage(deps.analytics, request.query);
        return sendCsv(reply, { filename, columns: USAGE_COLUMNS, rows });
      },
    );
  };
}
