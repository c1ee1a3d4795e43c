import { Errors, PasarelaError } from '../../core/errors';
import type { Connector, DeliveryContext, PluginContext, Receipt } from '../../core/plugin';
import type { ExpedienteUpdate } from '../../journal/expedientes';
import type { Journal } from '../../journal/journal';

/**
 * The Carpeta Ciudadana projection as a destination: each expediente-status update is applied to
 * the journal's projection (src/journal/kysely-expedientes.ts), newest `sequence` wins. The
 * receipt's code says what happened (`applied`, `stale`, `duplicate`); an expediente another
 * tenant owns is CARPETA_FOREIGN_EXPEDIENTE (not retryable: parked). Journal failures are
 * JOURNAL_UNAVAILABLE (retryable), as for every route.
 */
export function createCarpetaProjectionConnector(): Connector<Record<string, never>, ExpedienteUpdate> {
  let journal: Journal | undefined;
  return {
    name: 'carpeta-projection',
    accepts: ['expediente-projection'],
    configSchema: { type: 'object', additionalProperties: false, properties: {} },

    async init(ctx: PluginContext<Record<string, never>>): Promise<void> {
      if (!ctx.journal) throw new PasarelaError(Errors.CONFIG_INVALID, 'The carpeta-projection connector needs the journal in its context');
      journal = ctx.journal;
    },

    async deliver(update: ExpedienteUpdate, ctx: DeliveryContext): Promise<Receipt> {
      if (!journal) throw new PasarelaError(Errors.CONFIG_INVALID, 'The carpeta-projection connector was used before init() or after close()');
      // The message being delivered, not the original a replay came from: its hop goes on it.
      const outcome = await journal.expedientes.project({ ...update, messageId: ctx.messageId ?? update.messageId });
      if (outcome.kind === 'foreign') {
        throw new PasarelaError(Errors.CARPETA_FOREIGN_EXPEDIENTE, `Expediente ${update.expediente} belongs to another tenant; nothing was projected`, { details: { expediente: update.expediente } });
      }
      const description = outcome.kind === 'applied' ? `projected as ${update.state} (sequence ${update.sequence})`
        : outcome.kind === 'stale' ? `older than the projected sequence ${outcome.current.sequence}: kept as history`
          : 'the projected sequence again: kept as history';
      return { code: outcome.kind, description, keys: { expediente: update.expediente, ...(outcome.kind === 'duplicate' && outcome.sameMessage && { redelivered: 'true' }) } };
    },

    async close(): Promise<void> {
      journal = undefined;
    },
  };
}
