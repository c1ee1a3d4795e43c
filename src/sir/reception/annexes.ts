import type { Segment } from '../fichero';
import { ANNEX_DOCUMENT_TYPES, DOCUMENT_VALIDITY, inList } from './codes';
import { filled, type RuleContext } from './context';
import { mimeMatches } from './mime';

/**
 * §10 B.8 and §4: annex names, types, ids, hash and content, signature links, and the count and
 * size limits (configurable; regweb3's 5 / 10 MiB / 15 MiB by default). The hash algorithm is not
 * fixed by SICRES 3, so only its presence is checked (base64 syntax is an XSD fact). No extension
 * whitelist: the Ministry's accepted case RC-106 sends an .html form, outside regweb3's list.
 */

/** Characters regweb3 refuses in `Nombre_Fichero_Anexado` (reference §4). */
const FORBIDDEN_NAME_CHARS = /[>%*&:;¿?/\\|"!<¡#•]/;

function decodedBytes(base64: string): number {
  const compact = base64.replace(/[ \t\r\n]+/g, '');
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return Math.max(0, (compact.length / 4) * 3 - padding);
}

function fileIdReason(id: string, exchangeId: string | undefined, where: string): string | undefined {
  const m = /^(.+)_([^_]+)_([^_.]+)\.([A-Za-z0-9]+)$/.exec(id);
  if (!m) return `${where}: Identificador_Fichero is not <Identificador_Intercambio>_01_<sequence>.<extension>`;
  if (exchangeId !== undefined && m[1] !== exchangeId) return `${where}: Identificador_Fichero does not start with the Identificador_Intercambio`;
  if (m[2] !== '01') return `${where}: Identificador_Fichero has the file type '${m[2].slice(0, 10)}', not 01`;
  if (!/^\d{1,4}$/.test(m[3])) return `${where}: Identificador_Fichero has a sequence that is not 1 to 4 digits`;
  return undefined;
}

function annexReasons(a: Segment, where: string, exchangeId: string | undefined): string[] {
  const reasons: string[] = [];
  const name = filled(a, 'Nombre_Fichero_Anexado');
  if (name === undefined) reasons.push(`${where}: Nombre_Fichero_Anexado is empty`);
  else if (FORBIDDEN_NAME_CHARS.test(name)) reasons.push(`${where}: Nombre_Fichero_Anexado has characters that are not allowed`);
  const type = filled(a, 'Tipo_Documento');
  if (type === undefined) reasons.push(`${where}: Tipo_Documento is empty or missing`);
  else if (!inList(ANNEX_DOCUMENT_TYPES, type)) reasons.push(`${where}: Tipo_Documento is not 01, 02 or 03`);
  const validity = filled(a, 'Validez_Documento');
  if (validity !== undefined && !inList(DOCUMENT_VALIDITY, validity)) reasons.push(`${where}: Validez_Documento is not 01, 02, 03 or 04`);
  const id = filled(a, 'Identificador_Fichero');
  if (id === undefined) reasons.push(`${where}: Identificador_Fichero is empty`);
  else {
    const bad = fileIdReason(id, exchangeId, where);
    if (bad) reasons.push(bad);
  }
  const mime = filled(a, 'Tipo_MIME');
  if (mime !== undefined && !mimeMatches(name ?? id ?? '', mime)) reasons.push(`${where}: Tipo_MIME does not match the file extension`);
  if (filled(a, 'Hash') === undefined) reasons.push(`${where}: Hash is empty or missing`);
  if (filled(a, 'Anexo') === undefined) reasons.push(`${where}: Anexo is empty or missing`);
  return reasons;
}

function setReasons(annexes: Segment[], ctx: RuleContext): string[] {
  const reasons: string[] = [];
  const { maxCount, maxBytesEach, maxBytesTotal } = ctx.limits;
  if (annexes.length > maxCount) reasons.push(`there are ${annexes.length} annexes, more than ${maxCount}`);
  const sizes = annexes.map((a) => decodedBytes(a.Anexo ?? ''));
  sizes.forEach((size, i) => {
    if (size > maxBytesEach) reasons.push(`De_Anexo[${i + 1}]: the annex is larger than ${maxBytesEach} bytes`);
  });
  if (sizes.reduce((a, b) => a + b, 0) > maxBytesTotal) reasons.push(`the annexes together are larger than ${maxBytesTotal} bytes`);
  const ids = annexes.map((a) => filled(a, 'Identificador_Fichero')).filter((id): id is string => id !== undefined);
  if (new Set(ids).size !== ids.length) reasons.push('two annexes share an Identificador_Fichero');
  annexes.forEach((a, i) => {
    const signed = filled(a, 'Identificador_Documento_Firmado');
    if (signed !== undefined && !ids.includes(signed)) reasons.push(`De_Anexo[${i + 1}]: Identificador_Documento_Firmado names no annex of this fichero`);
  });
  return reasons;
}

export function annexRules(ctx: RuleContext): string[] {
  const annexes = ctx.f.annexes;
  const exchangeId = filled(ctx.f.control, 'Identificador_Intercambio');
  return [...annexes.flatMap((a, i) => annexReasons(a, `De_Anexo[${i + 1}]`, exchangeId)), ...setReasons(annexes, ctx)];
}
