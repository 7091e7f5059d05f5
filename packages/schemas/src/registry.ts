import { type TSchema } from '@sinclair/typebox';
import { AuditSchema, CrossingSchema, DeviceHealthSchema, InspectionNoteSchema, TravellerSchema } from './post-documents';
import {
  AlertDocumentSchema,
  AlertListSchema,
  AlertPersonSchema,
  MergeSchema,
  PostSchema,
  RiskProfileSchema,
  SettingsSchema,
  StationSchema,
  UserSchema,
} from './reference-documents';

/** Who writes a document type: a post (its own database) or central (the reference database). */
export type DocumentOwner = 'post' | 'central';

export interface DocumentType {
  type: string;
  owner: DocumentOwner;
  schema: TSchema;
}

export const documentTypes: readonly DocumentType[] = [
  { type: 'crossing', owner: 'post', schema: CrossingSchema },
  { type: 'traveller', owner: 'post', schema: TravellerSchema },
  { type: 'audit', owner: 'post', schema: AuditSchema },
  { type: 'inspection-note', owner: 'post', schema: InspectionNoteSchema },
  { type: 'device-health', owner: 'post', schema: DeviceHealthSchema },
  { type: 'user', owner: 'central', schema: UserSchema },
  { type: 'post', owner: 'central', schema: PostSchema },
  { type: 'station', owner: 'central', schema: StationSchema },
  { type: 'risk-profile', owner: 'central', schema: RiskProfileSchema },
  { type: 'settings', owner: 'central', schema: SettingsSchema },
  { type: 'merge', owner: 'central', schema: MergeSchema },
  { type: 'alert-list', owner: 'central', schema: AlertListSchema },
  { type: 'alert-person', owner: 'central', schema: AlertPersonSchema },
  { type: 'alert-document', owner: 'central', schema: AlertDocumentSchema },
];

const byType = new Map(documentTypes.map((entry) => [entry.type, entry]));

export function documentType(type: string): DocumentType | undefined {
  return byType.get(type);
}
