import type { NewMessage } from './journal';

/**
 * What the journal keeps of Notific@ (issue 8): the envíos of each notification message with
 * their current state, the state callbacks that came too early, and the blob store that holds
 * certificates. Implemented by ./kysely-notifica.ts, reached as `journal.notifica`. Every state
 * change and the hop that records it in the message's history are one transaction.
 */

/** Who received an envío (citizen data: shown to the tenant, never written to hops or logs). */
export interface Receptor {
  nif: string;
  name: string;
  /** vinculoReceptor: 1 titular, 2 destinatario, 3 apoderado, 4 otros. */
  link: string;
}

export interface EnvioRow {
  identificador: string;
  messageId: string;
  tenant: string;
  recipientIndex: number;
  recipients: number;
  organismo: string;
  referencia: string;
  state: string | null;
  stateAt: string | null;
  final: boolean;
  origin: string | null;
  receptor: Receptor | null;
  certificate: { sha256: string; csv: string | null; at: string | null } | null;
  expiresOn: string | null;
  checkedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewEnvio {
  identificador: string;
  recipientIndex: number;
  referencia: string;
}

/** A state Notific@ reported for an envío: by callback, by polling, or as the answer to our cancel. */
export interface StateEvent {
  identificador: string;
  /** The emitter the report names (callbacks), checked against the envío's. */
  organismo?: string;
  estado: string;
  /** fechaEstado, ISO-8601 UTC. */
  at: string;
  /** Decided by the caller from the list of final states. */
  final: boolean;
  /** sede, funcionario_habilitado, postal, electronico, carpeta… (from modoNotificacion). */
  origin?: string;
  receptor?: Receptor;
  /** The certificate (acusePDF): its bytes go to the blob store; held events keep only the hash. */
  acuse?: { sha256: string; csv?: string; at?: string; content?: Buffer; hashMatches?: boolean };
  source: 'callback' | 'poll' | 'cancel';
}

export type ApplyOutcome =
  | { kind: 'unknown' }
  /** The report names another emitter than the envío's. Nothing changed. */
  | { kind: 'wrong-organismo'; envio: EnvioRow }
  /** Same state and date again, or anything after a final state: nothing changed but a missing certificate. */
  | { kind: 'duplicate'; envio: EnvioRow; certificateStored: boolean }
  /** Older than the current state (out of order): kept as a hop, the state stays. */
  | { kind: 'late'; envio: EnvioRow; certificateStored: boolean }
  /** The state moved; `closed` when this made every envío of the message final. */
  | { kind: 'changed'; envio: EnvioRow; previous: string | null; closed: boolean; certificateStored: boolean };

/** Builds the tenant's notice of a change (a message to insert with it), or undefined for none. Pure. */
export type NoticeFor = (changed: Extract<ApplyOutcome, { kind: 'changed' }>) => NewMessage | undefined;

export interface BlobRow {
  sha256: string;
  mediaType: string;
  size: number;
  content: Buffer;
  createdAt: string;
}

/** How much may be held for unknown identificadores at once. */
export interface HoldBounds {
  callbacks: number;
  /** Characters of the held rows together (their acuse is most of it). */
  chars: number;
}

export interface NotificaStore {
  /**
   * Record the envíos Notific@ created for a message, with a hop, in one transaction. Recording
   * the same identificadores again changes nothing (resolves recorded: false). The caller takes
   * the early callbacks held for them afterwards (`takeEarly`), once this is committed.
   */
  recordEnvios(m: { messageId: string; tenant: string; organismo: string; recipients: number; envios: NewEnvio[]; detail: string }): Promise<{ recorded: boolean }>;
  /**
   * Hold a callback for an identificador not (yet) known, with its acuse; resolves false when
   * holding it would pass the bounds (default: MAX_HELD_CALLBACKS held, MAX_HELD_CHARS in all).
   */
  holdEarly(event: StateEvent, bounds?: HoldBounds): Promise<boolean>;
  /** Take (and delete) the held callbacks of an identificador, oldest first. */
  takeEarly(identificador: string): Promise<StateEvent[]>;
  /** Held callbacks older than `before` are dropped; resolves how many. */
  purgeEarly(before: string): Promise<number>;
  /** Apply a reported state (see ApplyOutcome), with its hop and the notice `notice` builds for a change, in one transaction. */
  applyState(event: StateEvent, notice?: NoticeFor): Promise<ApplyOutcome & { notice?: NewMessage }>;
  envio(identificador: string): Promise<EnvioRow | undefined>;
  /** The envíos of a message, in recipient order. */
  enviosOf(messageId: string): Promise<EnvioRow[]>;
  /** Envíos found by our referenciaEmisor. */
  enviosByReference(referencia: string): Promise<EnvioRow[]>;
  /** Open (not final) envíos whose state and last check are both older than `before`, oldest first. */
  listQuiet(before: string, limit: number): Promise<EnvioRow[]>;
  markChecked(identificador: string, at: string): Promise<void>;
  /** Record a new expiry date (after an extension) with a hop on the message. */
  setExpiry(identificador: string, expiresOn: string, detail: string): Promise<void>;
  /** Append an informational hop to a notification message (cancel asked, extension refused…). */
  note(messageId: string, hop: { event: string; outcome: 'ok' | 'error' | 'info'; code?: string; detail: string }): Promise<void>;
  /** Store bytes under their SHA-256; resolves the hash. Storing the same bytes again is a no-op. */
  putBlob(content: Buffer, mediaType: string): Promise<string>;
  getBlob(sha256: string): Promise<BlobRow | undefined>;
}
