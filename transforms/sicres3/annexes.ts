import type { FieldProblem } from '../../src/core/errors';
import { SicresCodes, type Annex } from '../../src/core/registry-entry';
import { toCode } from './codes';
import { writeSegment } from './xml';

/**
 * `De_Anexo` segments (reference/sir-sicres3.md §4): content base64 inline, `Hash` = base64 of
 * the raw SHA-256 digest, `Identificador_Fichero` = `<exchangeId>_01_<seq>.<ext>`, detached
 * signatures point at the signed annex through `Identificador_Documento_Firmado`.
 */

const SHA256_HEX = /^[0-9a-f]{64}$/i;
/** XSD maxLength of Tipo_MIME; longer types (OOXML) are left out, as regweb3 does. */
const MIME_MAX = 20;
const SEQUENCE_MAX = 9999;
// A plain character-class loop: a grouped `(?:....)*` overflows the regex stack on 15 MiB annexes.
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64_CHARS.test(text);
}

/** `<exchangeId>_01_<4-digit sequence from 0001>.<lowercase extension>`, or undefined without extension. */
export function fileIdentifier(exchangeId: string, index: number, fileName: string): string | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0 || dot === fileName.length - 1) return undefined;
  const ext = fileName.slice(dot + 1).toLowerCase();
  return `${exchangeId}_01_${String(index + 1).padStart(4, '0')}.${ext}`;
}

/** base64 of the raw digest bytes, from the canonical lowercase hex. */
export function hexDigestToBase64(hex: string): string | undefined {
  return SHA256_HEX.test(hex) ? Buffer.from(hex, 'hex').toString('base64') : undefined;
}

function identifiers(exchangeId: string, annexes: Annex[], problems: FieldProblem[]): (string | undefined)[] {
  if (annexes.length > SEQUENCE_MAX) {
    problems.push({ pointer: '/payload/annexes', code: 'too-many', message: `De_Anexo allows at most ${SEQUENCE_MAX} annexes` });
  }
  return annexes.map((a, i) => {
    const id = fileIdentifier(exchangeId, i, a.fileName);
    if (id === undefined) {
      problems.push({
        pointer: `/payload/annexes/${i}/fileName`,
        code: 'missing-extension',
        message: 'Identificador_Fichero needs a file name with an extension',
      });
    }
    return id;
  });
}

function signedIdentifier(
  annex: Annex, index: number, annexes: Annex[], ids: (string | undefined)[], problems: FieldProblem[],
): string | undefined {
  if (annex.signsFile === undefined) return undefined;
  const target = annexes.findIndex((a) => a.fileName === annex.signsFile);
  if (target < 0) {
    problems.push({
      pointer: `/payload/annexes/${index}/signsFile`,
      code: 'unknown-annex',
      message: 'Identificador_Documento_Firmado names a file that is not among the annexes',
    });
    return undefined;
  }
  return ids[target];
}

function annexSegment(
  annex: Annex, index: number, annexes: Annex[], ids: (string | undefined)[], problems: FieldProblem[],
): string {
  const at = `/payload/annexes/${index}`;
  const hash = hexDigestToBase64(annex.sha256);
  if (hash === undefined) {
    problems.push({ pointer: `${at}/sha256`, code: 'invalid-hash', message: 'Hash needs a hex SHA-256 digest' });
  }
  if (!isBase64(annex.content)) {
    problems.push({ pointer: `${at}/content`, code: 'invalid-base64', message: 'Anexo needs base64 content' });
  }
  const mime = annex.mimeType !== undefined && annex.mimeType.length <= MIME_MAX ? annex.mimeType : undefined;
  return writeSegment('De_Anexo', [
    { element: 'Nombre_Fichero_Anexado', value: annex.fileName, max: 80, pointer: `${at}/fileName`, required: true },
    { element: 'Identificador_Fichero', value: ids[index], max: 50, pointer: `${at}/fileName`, required: true },
    { element: 'Validez_Documento', value: toCode(SicresCodes.annexValidity, annex.validity, 'Validez_Documento', `${at}/validity`, problems), max: 2, pointer: `${at}/validity` },
    { element: 'Tipo_Documento', value: toCode(SicresCodes.annexDocumentType, annex.documentType, 'Tipo_Documento', `${at}/documentType`, problems), max: 2, pointer: `${at}/documentType`, required: true },
    { element: 'Hash', value: hash, max: null, pointer: `${at}/sha256`, required: true },
    { element: 'Tipo_MIME', value: mime, max: MIME_MAX, pointer: `${at}/mimeType` },
    { element: 'Anexo', value: annex.content, max: null, pointer: `${at}/content` },
    { element: 'Identificador_Documento_Firmado', value: signedIdentifier(annex, index, annexes, ids, problems), max: 50, pointer: `${at}/signsFile` },
    { element: 'Observaciones', value: annex.remarks, max: 50, pointer: `${at}/remarks` },
  ], problems);
}

/** One `De_Anexo` per annex, in payload order. */
export function annexSegments(exchangeId: string, annexes: Annex[], problems: FieldProblem[]): string[] {
  const ids = identifiers(exchangeId, annexes, problems);
  return annexes.map((a, i) => annexSegment(a, i, annexes, ids, problems));
}
