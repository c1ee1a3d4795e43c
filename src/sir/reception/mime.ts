/**
 * MIME types we know per file extension, to check that `Tipo_MIME` matches the annex's name
 * (§10 B.8). An extension missing here is not judged: we only refuse a mismatch we can prove.
 * `Tipo_MIME` is at most 20 characters, so long OOXML/ODF types never travel (reference §4).
 */
const BY_EXTENSION: Record<string, readonly string[]> = {
  pdf: ['application/pdf', 'application/x-pdf'],
  txt: ['text/plain'],
  xml: ['text/xml', 'application/xml'],
  xsig: ['text/xml', 'application/xml', 'application/octet-stream'],
  csig: ['application/octet-stream', 'application/pkcs7-signature'],
  html: ['text/html'],
  htm: ['text/html'],
  jpg: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
  jpeg: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
  png: ['image/png'],
  gif: ['image/gif'],
  tif: ['image/tiff'],
  tiff: ['image/tiff'],
  svg: ['image/svg+xml'],
  rtf: ['application/rtf', 'text/rtf'],
  csv: ['text/csv', 'text/plain'],
  doc: ['application/msword'],
  xls: ['application/vnd.ms-excel'],
  zip: ['application/zip', 'application/x-zip-compressed'],
};

/** False only when the extension is known and `mime` is not one of its types. */
export function mimeMatches(fileName: string, mime: string): boolean {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return true;
  const known = BY_EXTENSION[fileName.slice(dot + 1).toLowerCase()];
  return known === undefined || known.includes(mime.trim().toLowerCase());
}
