import type { HostileCase } from './hostile-bodies';

/**
 * CSV cases of the hostile-input suite, as a registry book export would go wrong: posted to the
 * batch endpoint, where an atomic batch with one bad row is refused whole.
 */
const HEADER = [
  'origin.office', 'origin.registryNumber', 'origin.registryDate', 'destination.office', 'subject.summary', 'form.expone', 'form.solicita',
  'interested.documentType', 'interested.documentNumber', 'interested.name', 'interested.firstSurname', 'interested.country',
  'interested.address', 'interested.postalCode', 'interested.preferredChannel', 'control.registryType', 'control.physicalDocumentation', 'control.test',
].join(';');

function row(overrides: Record<number, string> = {}): string {
  const cells = [
    'O00009001', 'DIPJ-E-2026-000101', '05/03/2026 10:15:30', 'O00067890', 'Solicitud de prueba', 'Expone de prueba', 'Solicita de prueba',
    'NIF', '99000001C', 'María', 'Ejemplo', '724', 'Calle Ficticia 1', '23001', 'postal', 'entrada', 'none', 'true',
  ];
  for (const [i, v] of Object.entries(overrides)) cells[Number(i)] = v;
  return cells.join(';');
}

const csv = (lines: string[], encoding: BufferEncoding = 'utf8') => Buffer.from(lines.join('\r\n') + '\r\n', encoding);
const BATCH = '/v1/registry-entries/batch';

export const CSV_CASES: HostileCase[] = [
  { name: 'CSV with a ragged row', contentType: 'text/csv', path: BATCH, body: csv([HEADER, row(), row() + ';extra']), status: 400, code: 'INTAKE_BATCH_REFUSED' },
  { name: 'CSV with unbalanced quotes', contentType: 'text/csv', path: BATCH, body: csv([HEADER, row({ 4: '"Solicitud sin cerrar' }), row()]), status: 400, code: 'INTAKE_CSV_MALFORMED' },
  { name: 'CSV with a formula-injection cell', contentType: 'text/csv', path: BATCH, body: csv([HEADER, row({ 4: "=cmd|' /C calc'!A0" })]), status: 400, code: 'INTAKE_BATCH_REFUSED', pointer: '/lines/2' },
  { name: 'CSV mixing UTF-8 and Windows-1252', contentType: 'text/csv', path: BATCH, body: Buffer.concat([csv([HEADER, row()]), Buffer.from(row({ 9: 'Jos\xe9' }) + '\r\n', 'latin1')]), status: 400, code: 'INTAKE_INVALID_ENCODING' },
  { name: 'CSV with a NIF whose check letter is wrong', contentType: 'text/csv', path: BATCH, body: csv([HEADER, row({ 8: '99000001X' })]), status: 400, code: 'INTAKE_BATCH_REFUSED', pointer: '/interested/0/interested/documentNumber' },
  { name: 'CSV with a date that does not exist', contentType: 'text/csv', path: BATCH, body: csv([HEADER, row({ 2: '30/02/2026 10:00' })]), status: 400, code: 'INTAKE_BATCH_REFUSED' },
  { name: 'CSV with an unknown column', contentType: 'text/csv', path: BATCH, body: csv([HEADER + ';colour', row() + ';blue']), status: 400, code: 'INTAKE_CSV_MALFORMED' },
];
