import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getPublicCampaign, listPublicCampaigns, submitEntry } from '../../modules/campaigns/campaigns.usecases.js';
import type { HttpDeps } from '../http.deps.js';
import {
  CampaignList,
  CampaignListQuery,
  CampaignParams,
  OneCampaign,
  SubmitBody,
  Submitted,
} from '../schemas/campaigns.schemas.js';
import { answers } from '../schemas/common.schemas.js';

/** WEB-5 and CMP-3/4, public: the campaigns people can join, one campaign, and an entry. */
export function campaignsRoutes(
  deps: Pick<HttpDeps, 'campaigns'>,
  { submitsPerMinute }: { submitsPerMinute: number },
): FastifyPluginAsyncTypebox {
  const tags = ['campaigns'];
  return async (app) => {
    app.get(
      '/api/campaigns',
      {
        schema: {
          summary: 'Ongoing and upcoming campaigns (or one status)',
          tags,
          querystring: CampaignListQuery,
          response: answers({ 200: CampaignList }),
        },
      },
      async (request) => ({ campaigns: await listPublicCampaigns(deps.campaigns, { status: request.query.status }) }),
    );

    app.get(
      '/api/campaigns/:id',
      { schema: { summary: 'One campaign', tags, params: CampaignParams, response: answers({ 200: OneCampaign }) } },
      async (request) => ({ campaign: await getPublicCampaign(deps.campaigns, Number(request.params.id)) }),
    );

    app.post(
      '/api/campaigns/:id/submit',
      {
        config: { rateLimit: { max: submitsPerMinute, timeWindow: '1 minute' } },
        schema: {
          summary: 'Enter a campaign: an email and the links of your posts',
          description: 'Also takes the original flat fields (instagram_url, twitter_url, facebook_url, …).',
          tags,
          params: CampaignParams,
          body: SubmitBody,
          response: answers({ 200: Submitted, 201: Submitted }),
        },
      },
      async (request, reply) => {
        const result = await submitEntry(deps.campaigns, { id: Number(request.params.id), body: request.body });
        return reply.status(result.status === 'accepted' ? 201 : 200).send(result);
      },
    );
  };
}
