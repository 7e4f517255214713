import type { Connection } from 'mongoose';
import { campaignModel, type CampaignDoc } from './campaign.model';

export type Campaign = Omit<CampaignDoc, '_id'> & { id: string };
const toCampaign = ({ _id, ...rest }: CampaignDoc): Campaign => ({ id: _id, ...rest });

export function campaignRepository(conn: Connection) {
  const Campaign = campaignModel(conn);
  return {
    /** Creates the campaign unless one with this key exists; returns the stored one either way. */
    async accept(
      c: Pick<CampaignDoc, '_id' | 'template' | 'data' | 'recipients' | 'createdBy'>,
    ): Promise<{ campaign: Campaign; created: boolean }> {
      const res = await Campaign.findOneAndUpdate(
        { _id: c._id },
        { $setOnInsert: { ...c, state: 'creating' } },
        { upsert: true, new: true, includeResultMetadata: true, lean: true },
      );
      return {
        campaign: toCampaign(res.value as CampaignDoc),
        created: !res.lastErrorObject?.updatedExisting,
      };
    },
    async markCreated(id: string): Promise<void> {
      await Campaign.updateOne({ _id: id }, { $set: { state: 'created' } });
    },
    async get(id: string): Promise<Campaign | undefined> {
      const doc = await Campaign.findById(id).lean();
      return doc ? toCampaign(doc as CampaignDoc) : undefined;
    },
  };
}

export type CampaignRepository = ReturnType<typeof campaignRepository>;
