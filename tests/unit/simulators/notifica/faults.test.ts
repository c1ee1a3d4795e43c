import { simulatorsOptionsFromEnv } from '../../../../simulators/main';
import { checkFaults, noFaults, notificaFaultsFromEnv } from '../../../../simulators/notifica';
import { delayIn, pickCallbackFault, pickRequestFault } from '../../../../simulators/notifica/faults';

describe('Notific@ simulator faults', () => {
  it('fills a partial set with the no-fault defaults, so {} clears every fault', () => {
    expect(checkFaults({})).toEqual({ ok: true, faults: noFaults() });
    expect(checkFaults({ lostAnswerRate: 0.3, callbackBeforeAnswer: true })).toEqual({ ok: true, faults: { ...noFaults(), lostAnswerRate: 0.3, callbackBeforeAnswer: true } });
  });

  it.each([
    [{ mode: 'chaos' }, 'unknown field "mode"'],
    [{ errorRate: -0.1 }, 'errorRate must be a number from 0 to 1'],
    [{ timeoutRate: 0.5, lostAnswerRate: 0.6 }, 'add up to more than 1'],
    [{ callbackLossRate: 0.7, callbackDuplicateRate: 0.7 }, 'callbackLossRate + callbackDuplicateRate add up to more than 1'],
    [{ latencyMs: [5, 1] }, 'latencyMs min must not exceed max'],
    [{ downForMs: 0 }, 'downForMs must be an integer from 1 to 600000'],
    [{ callbackBeforeAnswer: 1 }, 'callbackBeforeAnswer must be true or false'],
    [null, 'the faults must be a JSON object'],
  ])('refuses %j, saying why', (input, detail) => {
    const check = checkFaults(input);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.detail).toContain(detail);
  });

  it('lets request and callback rates each add up to 1 on their own', () => {
    expect(checkFaults({ errorRate: 0.5, lostAnswerRate: 0.5, callbackLossRate: 0.5, callbackDuplicateRate: 0.5 }).ok).toBe(true);
  });

  it('picks a request fault from consecutive bands: reset, error, fatal, timeout, lost answer', () => {
    const f = { ...noFaults(), resetRate: 0.1, errorRate: 0.1, fatalRate: 0.1, timeoutRate: 0.1, lostAnswerRate: 0.1 };
    expect([0, 0.15, 0.25, 0.35, 0.45, 0.55].map((r) => pickRequestFault(f, r))).toEqual(['reset', 'error', 'fatal', 'timeout', 'lost-answer', 'none']);
    expect(pickRequestFault(noFaults(), 0)).toBe('none');
  });

  it('picks a callback fault from its own bands: lost, then duplicate', () => {
    const f = { ...noFaults(), callbackLossRate: 0.2, callbackDuplicateRate: 0.3 };
    expect([0.1, 0.4, 0.6].map((r) => pickCallbackFault(f, r))).toEqual(['lost', 'duplicate', 'none']);
  });

  it('draws delays uniformly within the bounds, both included', () => {
    expect([0, 0.5, 0.9999].map((r) => delayIn([10, 20], r))).toEqual([10, 15, 20]);
  });
});

describe('Notific@ simulator faults from the environment', () => {
  it('reads every PASARELA_SIM_NOTIFICA_* fault variable', () => {
    expect(notificaFaultsFromEnv({
      PASARELA_SIM_NOTIFICA_ERROR_RATE: '0.1', PASARELA_SIM_NOTIFICA_LOST_ANSWER_RATE: '0.2', PASARELA_SIM_NOTIFICA_LATENCY_MS: '5,50',
      PASARELA_SIM_NOTIFICA_CALLBACK_LOSS_RATE: '0.3', PASARELA_SIM_NOTIFICA_CALLBACK_DUPLICATE_RATE: '0.1',
      PASARELA_SIM_NOTIFICA_CALLBACK_BEFORE_ANSWER: 'true', PASARELA_SIM_NOTIFICA_DOWN: 'false', PASARELA_SIM_NOTIFICA_DOWN_FOR_MS: '',
    })).toEqual({
      ...noFaults(), errorRate: 0.1, lostAnswerRate: 0.2, latencyMs: [5, 50], callbackLossRate: 0.3, callbackDuplicateRate: 0.1, callbackBeforeAnswer: true,
    });
  });

  it('names the variable at fault', () => {
    expect(() => notificaFaultsFromEnv({ PASARELA_SIM_NOTIFICA_FATAL_RATE: 'mucho' })).toThrow(/PASARELA_SIM_NOTIFICA_FATAL_RATE='mucho' is not valid/);
    expect(() => notificaFaultsFromEnv({ PASARELA_SIM_NOTIFICA_CALLBACK_BEFORE_ANSWER: 'yes' })).toThrow(/PASARELA_SIM_NOTIFICA_CALLBACK_BEFORE_ANSWER/);
    expect(() => notificaFaultsFromEnv({ PASARELA_SIM_NOTIFICA_ERROR_RATE: '0.6', PASARELA_SIM_NOTIFICA_TIMEOUT_RATE: '0.6' })).toThrow(/add up to more than 1/);
  });

  it('feeds the simulators options only with the Notific@ variables that are set', () => {
    expect(simulatorsOptionsFromEnv({ PASARELA_SIM_SIR_PORT: '0' })).toEqual({ sirPort: 0, sirFaults: expect.any(Object) });
    expect(simulatorsOptionsFromEnv({
      PASARELA_SIM_NOTIFICA_PORT: '9000', PASARELA_SIM_NOTIFICA_CALLBACK_URL: 'http://127.0.0.1:8080/notifica/adviser',
      PASARELA_SIM_NOTIFICA_API_KEYS: 'uno,dos', PASARELA_SIM_NOTIFICA_CALLBACK_API_KEY: 'cb', PASARELA_SIM_NOTIFICA_CALLBACK_STYLE: 'unqualified',
      PASARELA_SIM_NOTIFICA_RESET_RATE: '0.5',
    })).toMatchObject({
      notificaPort: 9000, notificaCallbackUrl: 'http://127.0.0.1:8080/notifica/adviser', notificaApiKeys: ['uno', 'dos'],
      notificaCallbackApiKey: 'cb', notificaCallbackStyle: 'unqualified', notificaFaults: { ...noFaults(), resetRate: 0.5 },
    });
  });

  it.each([
    ['PASARELA_SIM_NOTIFICA_PORT', '70000'],
    ['PASARELA_SIM_NOTIFICA_CALLBACK_URL', 'file:///etc/passwd'],
    ['PASARELA_SIM_NOTIFICA_CALLBACK_URL', 'not a url'],
    ['PASARELA_SIM_NOTIFICA_CALLBACK_STYLE', 'rpc'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => simulatorsOptionsFromEnv({ [name]: value })).toThrow(new RegExp(name));
  });
});
