import type { Connection, Model } from 'mongoose';
import { scopeFilter } from '@rammeaftale/db';
import type { LetterScope } from '../deliveries/letter.access';
import { campaignModel, type CampaignDoc } from './campaign.model';

export type Campaign = Omit<CampaignDoc, '_id'> & { id: string };
const toCampaign = ({ _id, ...rest }: CampaignDoc): Campaign => ({ id: _id, ...rest });

/** No party kind sees campaigns: only a cross-tenant scope passes (see letter.access.ts). */
const tenant = (scope: LetterScope) => scopeFilter(scope, {});

/** Plain objects in and out: no mongoose document leaves this file. */
export class CampaignRepository {
  private readonly Campaign: Model<CampaignDoc>;

  constructor(conn: Connection) {
    this.Campaign = campaignModel(conn);
  }

  /** Creates the campaign unless one with this key exists; returns the stored one either way. */
  async accept(
    scope: LetterScope,
    c: Pick<CampaignDoc, '_id' | 'template' | 'data' | 'recipients' | 'createdBy'>,
  ): Promise<{ campaign: Campaign; created: boolean }> {
    const res = await this.Campaign.findOneAndUpdate(
      { _id: c._id, ...tenant(scope) },
      { $setOnInsert: { ...c, state: 'creating' } },
      { upsert: true, new: true, includeResultMetadata: true, lean: true },
    );
    return {
      campaign: toCampaign(res.value!),
      created: !res.lastErrorObject?.updatedExisting,
    };
  }

  async markCreated(scope: LetterScope, id: string): Promise<void> {
    await this.Campaign.updateOne({ _id: id, ...tenant(scope) }, { $set: { state: 'created' } });
  }

  async get(scope: LetterScope, id: string): Promise<Campaign | undefined> {
    const doc = await this.Campaign.findOne({ _id: id, ...tenant(scope) }).lean();
    return doc ? toCampaign(doc) : undefined;
  }

  /** The newest campaigns first. */
  async list(scope: LetterScope, limit: number): Promise<Campaign[]> {
    const docs = await this.Campaign.find({ ...tenant(scope) })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean();
    return docs.map(toCampaign);
  }
}
