import type { FastifyInstance } from 'fastify';
import { toSicresDateTime } from '../../transforms/sicres3/dates';
import { Errors, PasarelaError } from '../core/errors';
import type { Journal } from '../journal/journal';
import { badInboxInput, findInboxEntry } from './inbox-entry';
import { receiverNext, type ReceiverState } from '../sir/lifecycle';
import type { ControlSender } from '../sir/inbound/control-sender';

interface AcceptBody {
  /** The registry number the municipality gave the entry in its own registry book (≤ 20 chars). */
  registryNumber?: unknown;
  /** When it was registered, ISO-8601; now when absent. */
  registryDate?: unknown;
}

const badInput = (pointer: string, message: string): PasarelaError => badInboxInput('acceptance', pointer, message);

/**
 * `POST /v1/inbox/{id}/accept`: the municipality registered an entry SIR brought it. The exchange
 * becomes `accepted` and a CONFIRMACIÓN with the local registry number and date goes to the
 * starting office (the prefix of the exchange id, §9) through WS_SIR7. Rejecting and forwarding:
 * ./inbox-hop.ts.
 */
export function registerInboxAccept(v1: FastifyInstance, journal: Journal, sender: ControlSender): void {
  v1.post<{ Params: { id: string }; Body: AcceptBody }>('/v1/inbox/:id/accept', async (req, reply) => {
    const body = (req.body ?? {}) as AcceptBody;
    if (typeof body.registryNumber !== 'string' || body.registryNumber.length < 1 || body.registryNumber.length > 20) {
      throw badInput('/registryNumber', 'required, 1 to 20 characters');
    }
    const at = body.registryDate === undefined ? new Date().toISOString() : body.registryDate;
    const registryDate = typeof at === 'string' ? toSicresDateTime(at) : undefined;
    if (!registryDate) throw badInput('/registryDate', 'an ISO-8601 date-time');
    const { row, exchange } = await findInboxEntry(journal, req.params.id, req.apiKey!);
    const step = receiverNext(exchange.state as ReceiverState, { kind: 'accept' });
    const facts = { registryNumber: body.registryNumber, registryDate };
    const moved = !step.ignored && await journal.moveExchange('incoming', exchange.exchangeId, exchange.state, step.state, facts, {
      event: 'accepted', outcome: 'ok', detail: `registered as ${body.registryNumber}`,
    });
    if (!moved) throw new PasarelaError(Errors.JOURNAL_CONFLICT, `The entry is ${exchange.state}; it can be accepted only once, while received`);
    const entry = row.envelope.payload as { destination: { office: string } };
    try {
      await sender.send({
        originOffice: entry.destination.office, destinationOffice: exchange.exchangeId.split('_')[0], exchangeId: exchange.exchangeId,
        type: '03', description: 'CONFIRMACION', destinationRegistryNumber: body.registryNumber, destinationRegistryDate: registryDate, testIndicator: '0',
      }, { messageId: row.id, record: (hop) => journal.moveExchange('incoming', exchange.exchangeId, 'accepted', 'accepted', {}, hop) });
    } catch (e) {
      // Nothing half-done: without a queued CONFIRMACIÓN the entry is not accepted.
      await journal.moveExchange('incoming', exchange.exchangeId, 'accepted', exchange.state, { registryNumber: null, registryDate: null }, { event: 'accept-failed', outcome: 'error', code: 'INTAKE_UNAVAILABLE' })
        .catch(() => undefined);
      throw e;
    }
    return reply.code(200).send({ id: row.id, exchangeId: exchange.exchangeId, state: 'accepted', registryNumber: body.registryNumber, registryDate });
  });
}
