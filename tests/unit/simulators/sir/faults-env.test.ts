import { isPasarelaError } from '../../../../src/core/errors';
import { simulatorsOptionsFromEnv } from '../../../../simulators/main';
import { faultsFromEnv } from '../../../../simulators/sir';
import { noFaults } from '../../../../simulators/sir/faults';

function failureOf(env: NodeJS.ProcessEnv): { code: string; message: string } {
  try {
    faultsFromEnv(env);
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('the environment was accepted');
}

describe('SIR simulator faults from the environment', () => {
  it('means no faults when no variable is set or they are empty', () => {
    expect(faultsFromEnv({})).toEqual(noFaults());
    expect(faultsFromEnv({ PASARELA_SIM_SIR_ERROR_RATE: '', PASARELA_SIM_SIR_DOWN: ' ' })).toEqual(noFaults());
  });

  it('reads every knob', () => {
    expect(faultsFromEnv({
      PASARELA_SIM_SIR_ERROR_RATE: '0.1',
      PASARELA_SIM_SIR_FATAL_RATE: '0',
      PASARELA_SIM_SIR_TIMEOUT_RATE: '0.02',
      PASARELA_SIM_SIR_RESET_RATE: '0.01',
      PASARELA_SIM_SIR_LATENCY_MS: '5,200',
      PASARELA_SIM_SIR_DOWN: 'false',
    })).toEqual({ errorRate: 0.1, fatalRate: 0, timeoutRate: 0.02, resetRate: 0.01, latencyMs: [5, 200], down: false });
    expect(faultsFromEnv({ PASARELA_SIM_SIR_DOWN: 'true', PASARELA_SIM_SIR_DOWN_FOR_MS: '2500' })).toMatchObject({ down: true, downForMs: 2500 });
  });

  it('takes one latency number as a fixed delay, and spaces around the comma', () => {
    expect(faultsFromEnv({ PASARELA_SIM_SIR_LATENCY_MS: '50' }).latencyMs).toEqual([50, 50]);
    expect(faultsFromEnv({ PASARELA_SIM_SIR_LATENCY_MS: ' 5 , 200 ' }).latencyMs).toEqual([5, 200]);
  });

  const invalid: [string, string][] = [
    ['PASARELA_SIM_SIR_ERROR_RATE', 'abc'],
    ['PASARELA_SIM_SIR_ERROR_RATE', 'NaN'],
    ['PASARELA_SIM_SIR_FATAL_RATE', '-0.1'],
    ['PASARELA_SIM_SIR_TIMEOUT_RATE', '1.5'],
    ['PASARELA_SIM_SIR_RESET_RATE', '0x1'],
    ['PASARELA_SIM_SIR_LATENCY_MS', '200,5'],
    ['PASARELA_SIM_SIR_LATENCY_MS', '5,200,300'],
    ['PASARELA_SIM_SIR_LATENCY_MS', 'fast'],
    ['PASARELA_SIM_SIR_LATENCY_MS', '0,70000'],
    ['PASARELA_SIM_SIR_DOWN', 'yes'],
    ['PASARELA_SIM_SIR_DOWN_FOR_MS', '0'],
  ];

  it.each(invalid)('refuses %s=%s with CONFIG_INVALID naming the variable', (name, value) => {
    const e = failureOf({ [name]: value });
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain(name);
  });

  it('refuses rates that together exceed 1', () => {
    const e = failureOf({ PASARELA_SIM_SIR_ERROR_RATE: '0.7', PASARELA_SIM_SIR_FATAL_RATE: '0.7' });
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('add up to more than 1');
  });

  it('feeds the simulators options, along with the port', () => {
    expect(simulatorsOptionsFromEnv({ PASARELA_SIM_SIR_PORT: '0', PASARELA_SIM_SIR_FATAL_RATE: '1' }))
      .toEqual({ sirPort: 0, sirFaults: { ...noFaults(), fatalRate: 1 } });
    expect(() => simulatorsOptionsFromEnv({ PASARELA_SIM_SIR_PORT: '70000' })).toThrow(/PASARELA_SIM_SIR_PORT/);
  });

  it('takes the WS_SIR9 callback URL from PASARELA_SIM_SIR_CALLBACK_URL and refuses one that is not http(s)', () => {
    expect(simulatorsOptionsFromEnv({ PASARELA_SIM_SIR_CALLBACK_URL: 'http://127.0.0.1:8080/sir/WS_SIR9' }).sirCallbackUrl)
      .toBe('http://127.0.0.1:8080/sir/WS_SIR9');
    expect(simulatorsOptionsFromEnv({}).sirCallbackUrl).toBeUndefined();
    expect(() => simulatorsOptionsFromEnv({ PASARELA_SIM_SIR_CALLBACK_URL: 'not a url' })).toThrow(/PASARELA_SIM_SIR_CALLBACK_URL/);
    expect(() => simulatorsOptionsFromEnv({ PASARELA_SIM_SIR_CALLBACK_URL: 'file:///etc/passwd' })).toThrow(/PASARELA_SIM_SIR_CALLBACK_URL/);
  });
});
