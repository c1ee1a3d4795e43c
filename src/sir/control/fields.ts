import type { FieldProblem } from '../../core/errors';
import { isSicresDateTime } from '../../../transforms/sicres3/dates';
import { checkLeaf } from '../../../transforms/sicres3/xml';

export { isSicresDateTime };

/**
 * The SICRES 3.0 control message `De_Mensaje` ("mensaje de datos de control",
 * reference/sir-sicres3.md §5), in pasarela's words. Values are the exact element text.
 */
export type ControlMessageType = '01' | '02' | '03';

/** `01` ACK, `02` ERROR, `03` CONFIRMACIÓN (values from the reference implementations; the XSD has no enum). */
export const ControlMessageTypes = { ACK: '01', ERROR: '02', CONFIRMATION: '03' } as const;

export interface ControlMessage {
  /** `Codigo_Entidad_Registral_Origen`: DIR3 office sending this message (ACK/ERROR: the office that received the fichero). */
  originOffice: string;
  /** `Codigo_Entidad_Registral_Destino`: DIR3 office the message is for. */
  destinationOffice: string;
  /** `Identificador_Intercambio` of the exchange acknowledged, refused or confirmed. */
  exchangeId: string;
  /** `Tipo_Mensaje`. */
  type: ControlMessageType;
  /** `Descripcion_Mensaje`: free text ("ACK", "CONFIRMACION" or the reason of an ERROR). */
  description?: string;
  /** `Numero_Registro_Entrada_Destino`: required for a CONFIRMACIÓN. */
  destinationRegistryNumber?: string;
  /** `Fecha_Hora_Entrada_Destino`, `yyyyMMddHHmmss` (Madrid wall-clock time): required for a CONFIRMACIÓN. */
  destinationRegistryDate?: string;
  /** `Indicador_Prueba`: `1` for test exchanges. */
  testIndicator: '0' | '1';
  /** `Identificador_Fichero` (0..10): annex ids the message refers to. */
  fileIds?: string[];
  /** `Codigo_Error` (4 chars, e.g. `0037`): required for an ERROR. */
  errorCode?: string;
}

type Key = keyof ControlMessage;

/** One element of `De_Mensaje`, in XSD sequence order, with its facets. */
export interface ControlField {
  element: string;
  key: Key;
  max: number;
  required?: true;
  /** Largest number of occurrences, when more than one is allowed. */
  maxOccurs?: number;
}

/** `mensaje.xsd` sequence, in order. */
export const CONTROL_FIELDS: readonly ControlField[] = [
  { element: 'Codigo_Entidad_Registral_Origen', key: 'originOffice', max: 21, required: true },
  { element: 'Codigo_Entidad_Registral_Destino', key: 'destinationOffice', max: 21, required: true },
  { element: 'Identificador_Intercambio', key: 'exchangeId', max: 33, required: true },
  { element: 'Tipo_Mensaje', key: 'type', max: 2, required: true },
  { element: 'Descripcion_Mensaje', key: 'description', max: 1024 },
  { element: 'Numero_Registro_Entrada_Destino', key: 'destinationRegistryNumber', max: 20 },
  { element: 'Fecha_Hora_Entrada_Destino', key: 'destinationRegistryDate', max: 14 },
  { element: 'Indicador_Prueba', key: 'testIndicator', max: 1, required: true },
  { element: 'Identificador_Fichero', key: 'fileIds', max: 50, maxOccurs: 10 },
  { element: 'Codigo_Error', key: 'errorCode', max: 4 },
];

const TYPES: ReadonlySet<string> = new Set(Object.values(ControlMessageTypes));

const problem = (key: string, code: string, message: string): FieldProblem => ({ pointer: `/${key}`, code, message });

function valuesOf(m: ControlMessage, f: ControlField): string[] {
  const v = m[f.key] as unknown;
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map(String);
  return [String(v)];
}

function fieldProblems(m: ControlMessage, f: ControlField): FieldProblem[] {
  const values = valuesOf(m, f);
  const out: FieldProblem[] = [];
  if (f.required && (values.length === 0 || values[0] === '')) out.push(problem(f.key, 'required', `${f.element} is required`));
  if (values.length > (f.maxOccurs ?? 1)) {
    out.push(problem(f.key, 'too-many', `${f.element} occurs ${values.length} times; SICRES 3.0 allows at most ${f.maxOccurs ?? 1}`));
  }
  values.forEach((value, i) => {
    const pointer = f.maxOccurs ? `/${f.key}/${i}` : `/${f.key}`;
    if (f.maxOccurs && value === '') out.push({ pointer, code: 'required', message: `${f.element} must not be empty` });
    out.push(...checkLeaf({ element: f.element, value, max: f.max, pointer }));
  });
  return out;
}

/** Rules the XSD cannot state: the type list, and what ERROR and CONFIRMACIÓN must carry. */
function typeProblems(m: ControlMessage): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (m.type && !TYPES.has(m.type)) out.push(problem('type', 'not-in-list', 'Tipo_Mensaje must be 01 (ACK), 02 (ERROR) or 03 (CONFIRMACION)'));
  if (m.testIndicator && m.testIndicator !== '0' && m.testIndicator !== '1') {
    out.push(problem('testIndicator', 'not-in-list', 'Indicador_Prueba must be 0 or 1'));
  }
  if (m.type === '02' && !m.errorCode) out.push(problem('errorCode', 'required', 'Codigo_Error is required in an ERROR message'));
  if (m.type === '03' && !m.destinationRegistryNumber) {
    out.push(problem('destinationRegistryNumber', 'required', 'Numero_Registro_Entrada_Destino is required in a CONFIRMACION message'));
  }
  if (m.type === '03' && !m.destinationRegistryDate) {
    out.push(problem('destinationRegistryDate', 'required', 'Fecha_Hora_Entrada_Destino is required in a CONFIRMACION message'));
  }
  if (m.destinationRegistryDate && !isSicresDateTime(m.destinationRegistryDate)) {
    out.push(problem('destinationRegistryDate', 'bad-date', 'Fecha_Hora_Entrada_Destino must be a real date-time written yyyyMMddHHmmss'));
  }
  return out;
}

/** Every problem of `m` against `mensaje.xsd` and the SICRES 3 message rules (empty when valid). */
export function controlMessageProblems(m: ControlMessage): FieldProblem[] {
  return [...CONTROL_FIELDS.flatMap((f) => fieldProblems(m, f)), ...typeProblems(m)];
}
