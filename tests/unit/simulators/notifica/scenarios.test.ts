import { checkScenarioRules, statesOf } from '../../../../simulators/notifica';
import { pickScenario } from '../../../../simulators/notifica/scenarios';
import { FINAL_STATES } from '../../../../simulators/notifica/states';

describe('Notific@ simulator scenarios', () => {
  it.each([
    ['read', 2, ['pendiente_envio', 'enviado_deh', 'notificada']],
    ['read', 1, ['pendiente_envio', 'enviado_deh', 'leida']],
    ['rejected', 2, ['pendiente_envio', 'enviado_deh', 'rehusada']],
    ['expired', 1, ['pendiente_envio', 'enviado_deh', 'expirada']],
    ['postal', 2, ['pendiente_envio', 'pendiente_cie', 'enviado_ci', 'entregado_op', 'notificada']],
    ['silent', 2, ['pendiente_envio']],
    ['stuck', 2, ['pendiente_envio']],
  ] as const)('runs %s (tipoEnvio %d) through %j, only the last state final', (scenario, tipoEnvio, states) => {
    expect(statesOf(scenario, tipoEnvio)).toEqual(states);
    const finals = states.filter((s) => FINAL_STATES.has(s));
    expect(finals).toEqual(states.length > 1 ? [states[states.length - 1]] : []);
  });

  it('picks the first rule whose every condition holds, and read when none does', () => {
    const rules = [
      { match: { nif: '00000001R', referenciaPrefix: 'A' }, scenario: 'rejected' as const },
      { match: { conceptIncludes: 'multa' }, scenario: 'expired' as const, stepDelayMs: [1, 2] as [number, number] },
      { match: { referenciaPrefix: 'B' }, scenario: 'postal' as const },
    ];
    expect(pickScenario(rules, { nif: '00000001R', concepto: 'x', referenciaEmisor: 'A-1' })).toEqual({ scenario: 'rejected' });
    expect(pickScenario(rules, { nif: '00000001R', concepto: 'Una MULTA', referenciaEmisor: 'B-1' })).toEqual({ scenario: 'expired', stepDelayMs: [1, 2] });
    expect(pickScenario(rules, { concepto: 'x', referenciaEmisor: 'B-1' })).toEqual({ scenario: 'postal' });
    expect(pickScenario(rules, { concepto: 'x' })).toEqual({ scenario: 'read' });
  });

  it('accepts valid rules and refuses bad ones saying where', () => {
    expect(checkScenarioRules([{ match: {}, scenario: 'silent' }])).toEqual({ ok: true, rules: [{ match: {}, scenario: 'silent' }] });
    expect(checkScenarioRules([{ match: {}, scenario: 'read' }, { match: { nif: '' }, scenario: 'read' }]))
      .toEqual({ ok: false, detail: 'rules[1].match.nif must be a string of 1 to 255 characters' });
    expect(checkScenarioRules(Array.from({ length: 101 }, () => ({ match: {}, scenario: 'read' })))).toEqual({ ok: false, detail: 'at most 100 rules' });
    expect(checkScenarioRules([{ scenario: 'read' }])).toEqual({ ok: false, detail: 'rules[0].match must be an object' });
  });
});
