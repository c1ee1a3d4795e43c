import { simulatorsOptionsFromEnv } from '../../../../simulators/main';
import { carpetaFaultsFromEnv, checkFaults, noFaults } from '../../../../simulators/carpeta';
import { delayIn, pickFault } from '../../../../simulators/carpeta/faults';

describe('Carpeta simulator faults', () => {
  it('takes SIR\'s fault set: a partial set is filled with no faults, unknown fields are refused', () => {
    expect(checkFaults({})).toEqual({ ok: true, faults: noFaults() });
    expect(checkFaults({ fatalRate: 0.5, latencyMs: [1, 2] })).toEqual({ ok: true, faults: { ...noFaults(), fatalRate: 0.5, latencyMs: [1, 2] } });
    expect(checkFaults({ lostAnswerRate: 0.1 })).toEqual({ ok: false, detail: 'unknown field "lostAnswerRate"' });
    expect(checkFaults({ errorRate: 0.6, timeoutRate: 0.6 }).ok).toBe(false);
  });

  it('picks a fault from consecutive bands: reset, error, fatal, timeout', () => {
    const f = { ...noFaults(), resetRate: 0.1, errorRate: 0.1, fatalRate: 0.1, timeoutRate: 0.1 };
    expect([0, 0.15, 0.25, 0.35, 0.45].map((r) => pickFault(f, r))).toEqual(['reset', 'error', 'fatal', 'timeout', 'none']);
    expect(pickFault(noFaults(), 0)).toBe('none');
  });

  it('draws delays uniformly within the bounds, both included', () => {
    expect([0, 0.5, 0.9999].map((r) => delayIn([10, 20], r))).toEqual([10, 15, 20]);
  });
});

describe('Carpeta simulator options from the environment', () => {
  it('reads every PASARELA_SIM_CARPETA_* fault variable', () => {
    expect(carpetaFaultsFromEnv({
      PASARELA_SIM_CARPETA_ERROR_RATE: '0.1', PASARELA_SIM_CARPETA_FATAL_RATE: '0.2', PASARELA_SIM_CARPETA_TIMEOUT_RATE: '0.05',
      PASARELA_SIM_CARPETA_RESET_RATE: '0.01', PASARELA_SIM_CARPETA_LATENCY_MS: '5,50', PASARELA_SIM_CARPETA_DOWN: 'true', PASARELA_SIM_CARPETA_DOWN_FOR_MS: '2000',
    })).toEqual({ errorRate: 0.1, fatalRate: 0.2, timeoutRate: 0.05, resetRate: 0.01, latencyMs: [5, 50], down: true, downForMs: 2000 });
    expect(carpetaFaultsFromEnv({})).toEqual(noFaults());
  });

  it('names the variable at fault', () => {
    expect(() => carpetaFaultsFromEnv({ PASARELA_SIM_CARPETA_ERROR_RATE: 'mucho' })).toThrow(/PASARELA_SIM_CARPETA_ERROR_RATE='mucho' is not valid/);
    expect(() => carpetaFaultsFromEnv({ PASARELA_SIM_CARPETA_DOWN: 'yes' })).toThrow(/PASARELA_SIM_CARPETA_DOWN/);
    expect(() => carpetaFaultsFromEnv({ PASARELA_SIM_CARPETA_FATAL_RATE: '0.6', PASARELA_SIM_CARPETA_TIMEOUT_RATE: '0.6' })).toThrow(/PASARELA_SIM_CARPETA_\* are not valid/);
  });

  it('sets the Carpeta options only for the variables that are set', () => {
    expect(simulatorsOptionsFromEnv({ PASARELA_SIM_SIR_PORT: '0' })).not.toHaveProperty('carpetaPort');
    expect(simulatorsOptionsFromEnv({
      PASARELA_SIM_CARPETA_PORT: '0', PASARELA_SIM_CARPETA_SECRET: ' secreto-de-dieciseis ', PASARELA_SIM_CARPETA_PULL_URL: 'http://127.0.0.1:8080',
      PASARELA_SIM_CARPETA_PULL_TOKEN: 'token-1', PASARELA_SIM_CARPETA_RESET_RATE: '0.5',
    })).toMatchObject({
      carpetaPort: 0, carpetaSecret: 'secreto-de-dieciseis', carpetaPullUrl: 'http://127.0.0.1:8080', carpetaPullToken: 'token-1',
      carpetaFaults: { ...noFaults(), resetRate: 0.5 },
    });
  });

  it.each([
    ['PASARELA_SIM_CARPETA_PORT', '70000'],
    ['PASARELA_SIM_CARPETA_PULL_URL', 'not a url'],
    ['PASARELA_SIM_CARPETA_PULL_URL', 'file:///etc/passwd'],
    ['PASARELA_SIM_CARPETA_SECRET', 'corto'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => simulatorsOptionsFromEnv({ [name]: value })).toThrow(new RegExp(name));
  });

  it('does not quote a refused secret', () => {
    expect(() => simulatorsOptionsFromEnv({ PASARELA_SIM_CARPETA_SECRET: 'corto' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('corto') }));
  });
});
