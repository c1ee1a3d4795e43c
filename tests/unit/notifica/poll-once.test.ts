import type { Logger } from 'pino';
import { readSoap, soapEnvelope } from '../../../src/connectors/notifica/xml';
import type { Journal } from '../../../src/journal/journal';
import type { EnvioRow, StateEvent } from '../../../src/journal/notifica';
import type { NotificaAccess } from '../../../src/notifica/access';
import { pollOnce } from '../../../src/notifica/poller';
import type { NotificaTracker } from '../../../src/notifica/tracker';

/** One quiet envío, and Notific@'s answer to infoEnvioLigero naming `answered`. */
function setup(answered: string) {
  const checked: string[] = [];
  const reported: StateEvent[] = [];
  const warnings: unknown[] = [];
  const envio = { identificador: 'asked-1', tenant: 'L01280796', state: 'pendiente_envio' } as EnvioRow;
  const journal = {
    notifica: {
      purgeEarly: async () => 0,
      listQuiet: async () => [envio],
      markChecked: async (id: string) => void checked.push(id),
    },
  } as unknown as Journal;
  const answer = readSoap(soapEnvelope(
    `<respuestaInfoEnvioLigero xmlns="https://administracionelectronica.gob.es/notifica/ws/sincronizarenvio"><codigoRespuesta>000</codigoRespuesta><descripcionRespuesta>OK</descripcionRespuesta>`
    + `<identificador>${answered}</identificador><estado>enviado_deh</estado>`
    + `<datados><datado><fecha>2026-05-04T10:00:00Z</fecha><resultado>enviado_deh</resultado><origen>electronico</origen></datado></datados></respuestaInfoEnvioLigero>`,
  ));
  const access = {
    config: {},
    caller: { call: async () => answer },
    keyFor: () => 'key',
  } as unknown as NotificaAccess;
  const tracker = { report: async (e: StateEvent) => void reported.push(e) } as unknown as NotificaTracker;
  const logger = { warn: (o: unknown) => void warnings.push(o) } as unknown as Logger;
  const deps = { journal, access, tracker, logger, quietAfterMs: 0, intervalMs: 1000, batch: 10, earlyHoldMs: 1000 };
  return { deps, checked, reported, warnings };
}

describe('pollOnce (asking Notific@ about quiet envíos)', () => {
  it('applies the answer to the envío asked about and marks it checked', async () => {
    const t = setup('asked-1');
    expect(await pollOnce(t.deps)).toBe(1);
    expect(t.reported.map((e) => [e.identificador, e.estado, e.source])).toEqual([['asked-1', 'enviado_deh', 'poll']]);
    expect(t.checked).toEqual(['asked-1']);
  });

  it('ignores an answer about another envío, with a warning, and still marks the asked one checked', async () => {
    const t = setup('someone-else');
    expect(await pollOnce(t.deps)).toBe(1);
    expect(t.reported).toEqual([]);
    expect(t.warnings).toEqual([expect.objectContaining({ identificador: 'asked-1', answered: 'someone-else' })]);
    expect(t.checked).toEqual(['asked-1']);
  });

  it('takes an answer without an identificador as about the envío asked about', async () => {
    const t = setup('');
    await pollOnce(t.deps);
    expect(t.reported.map((e) => e.identificador)).toEqual(['asked-1']);
  });
});
