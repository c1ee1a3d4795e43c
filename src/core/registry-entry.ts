/**
 * Canonical `registry-entry` v1 payload (asiento registral), mirroring
 * `schemas/canonical/registry-entry.v1.json`. Field names are English; each schema property's
 * `description` names the SICRES 3.0 element it maps to. Code lists use readable values; the
 * SICRES codes they map to live in `SicresCodes` below (one place, used by the transforms).
 */
export type IdentityDocumentType = 'NIF' | 'CIF' | 'NIE' | 'PASSPORT' | 'OTHER' | 'ORIGIN_CODE';
export type PreferredChannel = 'postal' | 'electronic-address' | 'electronic-appearance';
export type RegistryType = 'entrada' | 'salida';
export type TransportType = 'messenger' | 'post' | 'registered-post' | 'burofax' | 'in-person' | 'fax' | 'other';
export type PhysicalDocumentation = 'required' | 'complementary' | 'none';
export type AnnexValidity = 'copy' | 'certified-copy' | 'original-copy' | 'original';
export type AnnexDocumentType = 'form' | 'attachment' | 'internal';

export interface Person {
  documentType?: IdentityDocumentType;
  documentNumber?: string;
  /** Legal persons. */
  companyName?: string;
  /** Natural persons. */
  name?: string;
  firstSurname?: string;
  secondSurname?: string;
  country?: string;
  province?: string;
  municipality?: string;
  address?: string;
  postalCode?: string;
  email?: string;
  phone?: string;
  electronicAddress?: string;
  preferredChannel?: PreferredChannel;
}

export interface InterestedParty {
  interested: Person;
  representative?: Person;
  remarks?: string;
}

export interface Annex {
  fileName: string;
  mimeType?: string;
  validity?: AnnexValidity;
  documentType: AnnexDocumentType;
  /** Lowercase hex SHA-256 of the decoded content; intake checks it. */
  sha256: string;
  /** Base64 content. */
  content: string;
  /** `fileName` of the annex this one signs (detached signatures). */
  signsFile?: string;
  remarks?: string;
}

export interface RegistryEntry {
  origin: {
    office: string;
    officeName?: string;
    unit?: string;
    unitName?: string;
    registryNumber: string;
    /** ISO 8601 date-time with offset. */
    registryDate: string;
  };
  destination: {
    office: string;
    officeName?: string;
    unit?: string;
    unitName?: string;
  };
  interested: InterestedParty[];
  subject: {
    summary: string;
    subjectCode?: string;
    externalReference?: string;
    caseNumber?: string;
  };
  form: { expone: string; solicita: string };
  annexes: Annex[];
  control: {
    registryType: RegistryType;
    transport?: TransportType;
    transportNumber?: string;
    userName?: string;
    userContact?: string;
    /** `Identificador_Intercambio`; assigned by pasarela at intake when absent. */
    exchangeId?: string;
    annotationDescription?: string;
    physicalDocumentation: PhysicalDocumentation;
    remarks?: string;
    test: boolean;
  };
}

/** Readable canonical values -> SICRES 3.0 codes (reference/sir-sicres3.md §3.1). */
export const SicresCodes = {
  identityDocumentType: { NIF: 'N', CIF: 'C', NIE: 'E', PASSPORT: 'P', OTHER: 'X', ORIGIN_CODE: 'O' },
  preferredChannel: { postal: '01', 'electronic-address': '02', 'electronic-appearance': '03' },
  registryType: { entrada: '0', salida: '1' },
  transport: {
    messenger: '01', post: '02', 'registered-post': '03', burofax: '04', 'in-person': '05', fax: '06', other: '07',
  },
  physicalDocumentation: { required: '1', complementary: '2', none: '3' },
  annexValidity: { copy: '01', 'certified-copy': '02', 'original-copy': '03', original: '04' },
  annexDocumentType: { form: '01', attachment: '02', internal: '03' },
} as const;
