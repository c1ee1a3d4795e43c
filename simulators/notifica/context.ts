import type { Logger } from 'pino';
import type { Driver } from './driver';
import type { EnvioStore } from './envios';
import type { NotificaFaults } from './faults';
import type { ScenarioRule } from './scenarios';
import type { OperationName, StatsLedger } from './stats';
import type { XmlElement } from './xml-read';

/** What every operation works with. */
export interface OperationContext {
  store: EnvioStore;
  stats: StatsLedger;
  driver: Driver;
  logger: Logger;
  now(): Date;
  rules(): readonly ScenarioRule[];
  faults(): NotificaFaults;
}

/** One SOAP operation: its Body element's namespace, how it answers, and how it refuses. */
export interface Operation {
  name: OperationName;
  /** The namespace its request element must be in (reference §1.2). */
  ns: string;
  /** The answer element (no envelope) to a request element that passed authentication. */
  handle(el: XmlElement, ctx: OperationContext): string | Promise<string>;
  /** The operation's own answer element carrying a refusal `codigoRespuesta` (faults, unreadable requests). */
  refuse(codigo: string, descripcion: string): string;
}

/**
 * Answer codes the simulator uses where no public list exists (reference §2.9); each is a
 * simulator convention, documented in simulators/README.md, except `000` and sincronizarEnvioOE's `200`.
 */
export const CODES = {
  ok: '000',
  syncOk: '200',
  invalid: '400',
  forbidden: '403',
  notFound: '404',
  final: '409',
} as const;
