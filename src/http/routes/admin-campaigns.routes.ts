import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LIMITS } from '../../modules/campaigns/campaigns.models.js';
import {
  createCampaign,
  deleteCampaign,
  exportSubmissions,
  listAdminCampaigns,
  listSubmissions,
  updateCampaign,
  uploadOverlay,
} from '../../modules/campaigns/campaigns.usecases.js';
import { requireAdmin } from '../admin-guard.js';
import { sendCsv } from '../csv.js';
import type { HttpDeps } from '../http.deps.js';
import {
  AdminCampaignList,
  CampaignBody,
  CampaignParams,
  OneCampaign,
  SubmissionList,
  SubmissionsQuery,
  UploadedOverlay,
} from '../schemas/campaigns.schemas.js';
import { answers, Ok } from '../schemas/common.schemas.js';
import { readSingleFile } from '../single-file.js';

const SUBMISSIONS_PAGE_SIZE = 50;
const OVERLAY_MAX_BYTES = 15 * 1024 * 1024;

/** CMP-1/4, admin: manage campaigns, upload overlays, read and export entries. */
export function adminCampaignsRoutes(
  deps: Pick<HttpDeps, 'campaigns' | 'adminAuth' | 'publicUrl'>,
): FastifyPluginAsyncTypebox {
  const tags = ['admin', 'campaigns'];
  const id = (params: { id: string }) => Number(params.id);
  return async (app) => {
    app.addHook('onRequest', requireAdmin(deps));

    app.get(
      '/api/admin/campaigns',
      {
        schema: {
          summary: 'Every campaign with its status and entry count',
          tags,
          response: answers({ 200: AdminCampaignList }),
        },
      },
      async () => listAdminCampaigns(deps.campaigns),
    );
    app.post(
      '/api/campaigns',
      { schema: { summary: 'Create a campaign', tags, body: CampaignBody, response: answers({ 201: OneCampaign }) } },
      async (request, reply) =>
        reply.status(201).send({ campaign: await createCampaign(deps.campaigns, request.body) }),
    );
    app.put(
      '/api/campaigns/:id',
      {
        schema: {
          summary: 'Edit a campaign',
          tags,
          params: CampaignParams,
          body: CampaignBody,
          response: answers({ 200: OneCampaign }),
        },
      },
      async (request) => ({ campaign: await updateCampaign(deps.campaigns, id(request.params), request.body) }),
    );
    app.delete(
      '/api/campaigns/:id',
      {
        schema: {
          summary: 'Delete a campaign (its entries are kept)',
          tags,
          params: CampaignParams,
          response: answers({ 200: Ok }),
        },
      },
      async (request) => {
        await deleteCampaign(deps.campaigns, id(request.params));
        return { ok: true as const };
      },
    );
    app.post(
      '/api/upload-overlay',
      {
        bodyLimit: OVERLAY_MAX_BYTES + 64 * 1024,
        schema: {
          summary:
            'Upload a campaign overlay (multipart field "overlayImage": a PNG, transparent where the photo shows)',
          tags,
          consumes: ['multipart/form-data'],
          response: answers({ 200: UploadedOverlay }),
        },
      },
      async (request) =>
        uploadOverlay(deps.campaigns, {
          buffer: await readSingleFile(request, { field: 'overlayImage', maxBytes: OVERLAY_MAX_BYTES }),
        }),
    );
    app.get(
      '/api/campaigns/:id/submissions',
      {
        schema: {
          summary: 'A campaign’s entries, newest first, 50 a page; q searches the email',
          tags,
          params: CampaignParams,
          querystring: SubmissionsQuery,
          response: answers({ 200: SubmissionList }),
        },
      },
      async (request) =>
        listSubmissions(deps.campaigns, {
          id: id(request.params),
          page: Number(request.query.page ?? 1),
          pageSize: SUBMISSIONS_PAGE_SIZE,
          search: request.query.q?.trim().slice(0, LIMITS.email) || undefined,
        }),
    );
    app.get(
      '/api/campaigns/:id/submissions.csv',
      { schema: { summary: 'Every entry of a campaign as CSV', tags, params: CampaignParams, produces: ['text/csv'] } },
      async (request, reply) => {
        const { campaign, rows } = await exportSubmissions(deps.campaigns, id(request.params));
        return sendCsv(reply, {
          filename: `campaign-${campaign.id}-entries.csv`,
          columns: ['email', 'submitted_at', 'updated_at', ...campaign.platforms],
          rows,
        });
      },
    );
  };
}
