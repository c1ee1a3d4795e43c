/** A small registry book export (fictitious people), `;`-separated, in the given encoding. */
export function csvBook(rows: number, encoding: BufferEncoding = 'utf8'): Buffer {
  const header = [
    'origin.office', 'origin.registryNumber', 'origin.registryDate', 'destination.office', 'subject.summary', 'form.expone', 'form.solicita',
    'interested.documentType', 'interested.documentNumber', 'interested.name', 'interested.firstSurname', 'interested.country',
    'interested.address', 'interested.postalCode', 'interested.preferredChannel', 'control.registryType', 'control.physicalDocumentation', 'control.test',
  ].join(';');
  const lines = Array.from({ length: rows }, (_, i) => [
    'O00009001', `DIPJ-E-2026-7${String(i).padStart(5, '0')}`, '05/03/2026 10:15:30', 'O00067890', `Solicitud de prueba nº ${i + 1}`,
    'Que expone lo siguiente', 'Que se tramite', 'NIF', '99000001C', 'María José', 'Ejemplo', '724', 'Calle Ficticia 1, Jaén', '23001', 'postal', 'entrada', 'none', 'true',
  ].join(';'));
  return Buffer.from([header, ...lines].join('\r\n') + '\r\n', encoding);
}
