import { createHash } from 'node:crypto';
import type { FieldProblem } from '../../src/core/errors';
import { SicresCodes, type Annex } from '../../src/core/registry-entry';
import type { Segment } from '../../src/sir/fichero';
import { compact, decodeBase64, readerOf, type SegmentReader } from './from-read';

/**
 * `De_Anexo` segments -> canonical annexes (the inverse of `annexes.ts`, reference §4).
 * Content is re-encoded as strict base64 (SICRES allows line-wrapped base64Binary). `Hash` must
 * be base64 of the raw SHA-256 of the content, which is what pasarela sends; anything else is a
 * problem (SIGEM's SHA-1 default included), and `sha256` is always the content's own digest.
 */

/** What SICRES says about an annex that the canonical entry has no place for. */
export interface AnnexSicresFacts {
  /** `Identificador_Fichero`, e.g. `O00012345_24_00000001_01_0001.pdf`. */
  fileId?: string;
  /** `Firma_Documento`, `Certificado`, `TimeStamp`, `Validacion_OCSP_Certificado` (base64), when sent. */
  signature?: string;
  certificate?: string;
  timestamp?: string;
  ocsp?: string;
}

const SHA256_BYTES = 32;

function problem(r: SegmentReader, element: string, code: string, message: string): void {
  r.problems.push({ pointer: `${r.at}/${element}`, code, message });
}

/** Content as strict base64 plus its SHA-256 (hex); `undefined` digest when it is not base64. */
function readContent(r: SegmentReader): { content: string; digest?: string } {
  const text = r.required('Anexo');
  if (text === '') return { content: '' };
  const bytes = decodeBase64(text);
  if (bytes === undefined) {
    problem(r, 'Anexo', 'invalid-base64', 'Anexo is not valid base64');
    return { content: text };
  }
  return { content: bytes.toString('base64'), digest: createHash('sha256').update(bytes).digest('hex') };
}

/** Check `Hash` against the content; returns the canonical hex digest to store. */
function readHash(r: SegmentReader, digest: string | undefined): string {
  const text = r.required('Hash');
  const declared = text === '' ? undefined : decodeBase64(text);
  if (text !== '' && declared === undefined) {
    problem(r, 'Hash', 'invalid-hash', 'Hash is not valid base64');
  } else if (declared !== undefined && declared.length !== SHA256_BYTES) {
    problem(r, 'Hash', 'hash-not-sha256', `Hash is ${declared.length} bytes long; pasarela expects a raw SHA-256 digest (32)`);
  } else if (declared !== undefined && digest !== undefined && declared.toString('hex') !== digest) {
    problem(r, 'Hash', 'hash-mismatch', 'Hash does not match the SHA-256 of Anexo');
  }
  if (digest !== undefined) return digest;
  return declared?.length === SHA256_BYTES ? declared.toString('hex') : '';
}

function readFacts(r: SegmentReader): AnnexSicresFacts {
  return compact({
    fileId: r.required('Identificador_Fichero') || undefined,
    signature: r.text('Firma_Documento'),
    certificate: r.text('Certificado'),
    timestamp: r.text('TimeStamp'),
    ocsp: r.text('Validacion_OCSP_Certificado'),
  });
}

/** `Identificador_Documento_Firmado` -> the `fileName` of the annex with that `Identificador_Fichero`. */
function signedFile(r: SegmentReader, segments: Segment[]): string | undefined {
  const id = r.text('Identificador_Documento_Firmado');
  if (id === undefined) return undefined;
  const target = segments.find((s) => s.Identificador_Fichero === id);
  if (target === undefined) {
    problem(r, 'Identificador_Documento_Firmado', 'unknown-annex', 'Identificador_Documento_Firmado names no Identificador_Fichero of this fichero');
    return undefined;
  }
  if (target.Nombre_Fichero_Anexado === undefined || target.Nombre_Fichero_Anexado === '') return undefined;
  return target.Nombre_Fichero_Anexado;
}

function readAnnex(segment: Segment, index: number, segments: Segment[], problems: FieldProblem[]): { annex: Annex; facts: AnnexSicresFacts } {
  const r = readerOf(segment, `/De_Anexo/${index}`, problems);
  const { content, digest } = readContent(r);
  const annex: Annex = compact({
    fileName: r.required('Nombre_Fichero_Anexado'),
    mimeType: r.text('Tipo_MIME'),
    validity: r.code(SicresCodes.annexValidity, 'Validez_Documento'),
    documentType: r.code(SicresCodes.annexDocumentType, 'Tipo_Documento', true) ?? 'attachment',
    sha256: readHash(r, digest),
    content,
    signsFile: signedFile(r, segments),
    remarks: r.text('Observaciones'),
  });
  return { annex, facts: readFacts(r) };
}

/** Every `De_Anexo`, in fichero order; `facts[i]` belongs to `annexes[i]`. */
export function readAnnexes(segments: Segment[], problems: FieldProblem[]): { annexes: Annex[]; facts: AnnexSicresFacts[] } {
  const read = segments.map((s, i) => readAnnex(s, i, segments, problems));
  return { annexes: read.map((a) => a.annex), facts: read.map((a) => a.facts) };
}
