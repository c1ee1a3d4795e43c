import { createExpedienteStore } from '../../../../simulators/carpeta/store';
import { exampleChange } from '../../../../simulators/carpeta/examples';

const party = (documentNumber: string) => ({ documentType: 'NIF' as const, documentNumber, role: 'holder' as const });

describe('Carpeta simulator expediente store', () => {
  it('keeps the latest change by sequence and its history of applied changes', () => {
    const store = createExpedienteStore();
    expect(store.put(exampleChange({ sequence: 2, state: 'started' }))).toBe('applied');
    expect(store.put(exampleChange({ sequence: 5, state: 'in-progress' }))).toBe('applied');
    expect(store.put(exampleChange({ sequence: 4, state: 'resolved' }))).toBe('stale');
    expect(store.put(exampleChange({ sequence: 5, state: 'closed' }))).toBe('stale');
    const view = store.get('ES_L02000023_2026_EXP_000123');
    expect(view?.current).toMatchObject({ sequence: 5, state: 'in-progress' });
    expect(view?.history.map((h) => [h.sequence, h.state])).toEqual([[2, 'started'], [5, 'in-progress']]);
    expect(store.size()).toBe(1);
  });

  it('lists a citizen\'s expedientes by the latest change, dropping one that no longer names them', () => {
    const store = createExpedienteStore();
    store.put(exampleChange({ expediente: 'ES_L02000023_2026_EXP_1', interested: [party('99000003E'), party('99000004T')] }));
    store.put(exampleChange({ expediente: 'ES_L01230505_2026_EXP_1', tenant: 'L01230505', interested: [party('99000003E')] }));
    expect(store.byCitizen('99000003E').map((v) => v.expediente)).toEqual(['ES_L02000023_2026_EXP_1', 'ES_L01230505_2026_EXP_1']);
    store.put(exampleChange({ expediente: 'ES_L02000023_2026_EXP_1', sequence: 2, interested: [party('99000004T')] }));
    expect(store.byCitizen('99000003E').map((v) => v.expediente)).toEqual(['ES_L01230505_2026_EXP_1']);
    expect(store.byCitizen('99000004T').map((v) => v.expediente)).toEqual(['ES_L02000023_2026_EXP_1']);
    expect(store.byCitizen('00000000T')).toEqual([]);
  });

  it('hands out copies, so a caller cannot change what it holds', () => {
    const store = createExpedienteStore();
    store.put(exampleChange());
    const view = store.get('ES_L02000023_2026_EXP_000123');
    if (view) view.current.state = 'closed';
    expect(store.get('ES_L02000023_2026_EXP_000123')?.current.state).toBe('in-progress');
    store.reset();
    expect([store.size(), store.byCitizen('99000003E')]).toEqual([0, []]);
  });
});
