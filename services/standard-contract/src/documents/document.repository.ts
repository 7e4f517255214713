import type { Connection } from 'mongoose';
import { contractDocumentModel, type ContractDocumentDoc } from './document.model';

/** A stored PDF as the use cases see it: the document with its id, the content a Buffer. */
export type ContractDocument = Omit<ContractDocumentDoc, '_id'> & { id: string };

const toDocument = ({ _id, content, ...rest }: ContractDocumentDoc): ContractDocument => ({
  id: _id,
  // lean() hands back the driver's Binary; callers get a plain Buffer.
  content: Buffer.isBuffer(content)
    ? content
    : Buffer.from((content as unknown as { buffer: Uint8Array }).buffer),
  ...rest,
});

export const documentId = (contractId: string, version: number) => `${contractId}:v${version}`;

export function documentRepository(conn: Connection) {
  const Doc = contractDocumentModel(conn);
  return {
    /** Stores the version's PDF unless one is stored already; returns the stored one. */
    async storeOnce(d: Omit<ContractDocumentDoc, '_id'>): Promise<ContractDocument> {
      const _id = documentId(d.contractId, d.version);
      try {
        const doc = await Doc.findOneAndUpdate(
          { _id },
          { $setOnInsert: { _id, ...d } },
          { upsert: true, new: true, lean: true },
        );
        return toDocument(doc as unknown as ContractDocumentDoc);
      } catch (err) {
        if ((err as { code?: number })?.code !== 11000) throw err;
        const doc = await Doc.findById(_id).lean();
        return toDocument(doc as unknown as ContractDocumentDoc);
      }
    },
    async get(contractId: string, version: number): Promise<ContractDocument | undefined> {
      const doc = await Doc.findById(documentId(contractId, version)).lean();
      return doc ? toDocument(doc as unknown as ContractDocumentDoc) : undefined;
    },
  };
}

export type DocumentRepository = ReturnType<typeof documentRepository>;
