import { Writable } from 'node:stream';
import { createLogger } from '../../../src/observability/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), text: () => lines.join('') };
}

describe('the logger', () => {
  it('redacts keys, tokens and authorization headers', () => {
    const { logger, text } = capture();
    logger.info({ apiKey: 'psk_secret1', token: 'tok_secret2', headers: { authorization: 'Bearer psk_secret3' } }, 'x');
    expect(text()).not.toMatch(/secret[123]/);
    expect(text()).toContain('[REDACTED]');
  });

  it('redacts identity numbers, names, addresses and annex contents one level down', () => {
    const { logger, text } = capture();
    logger.info(
      {
        interested: { documentNumber: '99000001C', name: 'María', firstSurname: 'Ejemplo', secondSurname: 'Prueba', address: 'Calle Falsa 1' },
        annex: { content: 'U29saWNpdHVk' },
      },
      'x',
    );
    for (const secret of ['99000001C', 'María', 'Ejemplo', 'Prueba', 'Calle Falsa', 'U29saWNpdHVk']) expect(text()).not.toContain(secret);
  });

  it('drops whole payloads and ficheros', () => {
    const { logger, text } = capture();
    logger.info({ payload: { any: 'citizen data' }, envelope: { payload: { x: 'citizen data' } }, fichero: '<Fichero_Intercambio_SICRES_3/>' }, 'x');
    expect(text()).not.toContain('citizen data');
    expect(text()).not.toContain('Fichero_Intercambio');
  });

  it('logs an HTTP client error without the request or response it carries, causes included', () => {
    const { logger, text } = capture();
    const axiosLike = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
      config: { data: '<registro>99000001C María</registro>', headers: { authorization: 'Bearer psk_x' } },
      response: { status: 500, data: '<Fault>99000001C</Fault>' },
    });
    const wrapped = new Error('delivery failed', { cause: axiosLike });
    logger.error({ err: wrapped }, 'delivery failed');
    const line = JSON.parse(text());
    expect(text()).not.toContain('99000001C');
    expect(text()).not.toContain('psk_x');
    expect(line.err.message).toBe('delivery failed: socket hang up');
    expect(JSON.stringify(line.err)).toContain('ECONNRESET');
  });

  it('keeps identifiers operators need', () => {
    const { logger, text } = capture();
    logger.info({ messageId: '0199-abc', route: 'registry-entry-to-sir', code: 'SIR_REJECTED' }, 'delivery failed');
    expect(JSON.parse(text())).toMatchObject({ messageId: '0199-abc', route: 'registry-entry-to-sir', code: 'SIR_REJECTED', msg: 'delivery failed' });
  });
});
