import { createOriginatedLog } from '../../../../simulators/sir/originated';
import type { ControlRecord } from '../../../../simulators/sir/ws-sir7';
import type { ParsedFichero } from '../../../../src/sir/fichero';

const ID = 'O00012345_26_00000001';
const control = (type: string, extra: Partial<ControlRecord> = {}): ControlRecord => ({ type, exchangeId: ID, origin: 'O00023001', destination: 'O00012345', ...extra });
const hop = (type: '03' | '04', destination: string, reason?: string): ParsedFichero => ({
  origin: { Codigo_Entidad_Registral_Origen: 'O00023001' },
  destination: { Codigo_Entidad_Registral_Destino: destination },
  control: { Identificador_Intercambio: ID, Tipo_Anotacion: type, ...(reason === undefined ? {} : { Descripcion_Tipo_Anotacion: reason }) },
  interested: [], annexes: [], structure: [],
});
const OK = { codigo: '00', descripcion: 'Exito' };

describe('SIR simulator originated-exchange log', () => {
  it('follows an exchange from sent to acknowledged to confirmed, an ACK that beat pasarela\'s answer included', () => {
    const log = createOriginatedLog();
    log.open(ID);
    expect(log.list()[0].state).toBe('sent');
    log.onControl(control('01'));
    log.answered(ID, OK);
    expect(log.list()[0].state).toBe('acknowledged');
    log.onControl(control('03', { registryNumber: 'R-1', registryDate: '20260101000000' }));
    log.onControl(control('01'));
    log.answered(ID, OK);
    expect(log.list()[0]).toMatchObject({ state: 'confirmed', answers: [OK, OK] });
    expect(log.list()[0].controlMessages.map((m) => m.type)).toEqual(['01', '03', '01']);
  });

  it('shows an ERROR, then the ACK of the corrected re-send; a refusal answered at once is an error too', () => {
    const log = createOriginatedLog();
    log.open(ID);
    log.answered(ID, OK);
    log.onControl(control('02', { code: '0037' }));
    expect(log.list()[0].state).toBe('error');
    log.answered(ID, OK);
    expect(log.list()[0].state).toBe('error');
    log.onControl(control('01'));
    expect(log.list()[0].state).toBe('acknowledged');
    log.open('O00012345_26_00000002');
    log.answered('O00012345_26_00000002', { codigo: '0037', descripcion: 'no' });
    expect(log.list()[1].state).toBe('error');
  });

  it('marks the exchange rejected or forwarded by the hop pasarela sent last, and a late duplicate answer changes nothing', () => {
    const log = createOriginatedLog();
    log.open(ID);
    log.onControl(control('01'));
    log.onFichero(hop('03', 'O00077777', 'Otra oficina'));
    expect(log.list()[0]).toMatchObject({ state: 'forwarded', ficheros: [{ type: '03', origin: 'O00023001', destination: 'O00077777', reason: 'Otra oficina' }] });
    log.onFichero(hop('04', 'O00012345'));
    log.answered(ID, { codigo: '0037', descripcion: 'ENVIO con estado incompatible' });
    expect(log.list()[0].state).toBe('rejected');
    expect(log.list()[0].ficheros[1]).toEqual({ type: '04', origin: 'O00023001', destination: 'O00012345' });
  });

  it('ignores what is about exchanges it did not originate, forgets a send that never arrived, and resets', () => {
    const log = createOriginatedLog();
    log.onControl(control('01'));
    log.onFichero(hop('04', 'O00012345'));
    log.answered(ID, OK);
    expect(log.list()).toEqual([]);
    log.open(ID);
    log.abandon(ID);
    expect(log.list()).toEqual([]);
    log.open(ID);
    log.onControl(control('01'));
    log.abandon(ID);
    expect(log.list()).toHaveLength(1);
    const copy = log.list()[0];
    copy.controlMessages.length = 0;
    expect(log.list()[0].controlMessages).toHaveLength(1);
    log.reset();
    expect(log.list()).toEqual([]);
  });
});
