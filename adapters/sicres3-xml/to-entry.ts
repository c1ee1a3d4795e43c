import { Errors, PasarelaError, type FieldProblem } from '../../src/core/errors';
import type { RegistryEntry } from '../../src/core/registry-entry';
import { MAX_PROBLEMS } from '../../src/core/schemas';
import type { ParsedFichero } from '../../src/sir/fichero';
import { FICHERO_ROOT } from '../../src/sir/reception/schema';
import { ficheroToRegistryEntry } from '../../transforms/sicres3-to-registry-entry';
import { AnnotationTypes } from '../../transforms/sicres3/from-segments';

/**
 * `ParsedFichero` -> the canonical entry intake takes, or `INTAKE_VALIDATION_FAILED` with every
 * problem at once. Problem pointers are fichero element paths under the root element
 * (`/Fichero_Intercambio_SICRES_3/De_Anexo/0/Hash`), never JSON paths of the entry.
 */

const CONTROL = 'De_Internos_Control';
/** Ignored on intake (pasarela assigns its own), so its absence is no problem either. */
const EXCHANGE_ID_POINTER = `/${CONTROL}/Identificador_Intercambio`;
const TYPE_NAMES: Readonly<Record<string, string>> = { pending: 'pendiente', resend: 'reenvío', reject: 'rechazo' };

const inFichero = (pointer: string): string => `/${FICHERO_ROOT}${pointer}`;

/** parseFichero's structural facts (what the XSD would refuse) start with the parent's path. */
function structureProblems(parsed: ParsedFichero): FieldProblem[] {
  return parsed.structure.map((fact) => {
    const parent = fact.split(' ')[0];
    return { pointer: parent === FICHERO_ROOT ? `/${FICHERO_ROOT}` : inFichero(`/${parent}`), code: 'SICRES_STRUCTURE', message: fact };
  });
}

function annotationProblem(type: keyof typeof AnnotationTypes | undefined): FieldProblem[] {
  if (type === undefined || type === 'send') return []; // missing or unknown: the mapping reported it
  return [{
    pointer: inFichero(`/${CONTROL}/Tipo_Anotacion`),
    code: 'SICRES_NOT_AN_ENVIO',
    message: `Tipo_Anotacion is ${AnnotationTypes[type]} (${TYPE_NAMES[type]}); intake takes envíos (02) only: pasarela makes re-sends and rejections itself`,
  }];
}

/** The writer puts `Envío` when the entry has no description, so reading it back is "none". */
function isDefaultDescription(text: string): boolean {
  return text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase() === 'envio';
}

/** The entry as intake takes it: no exchange id (pasarela assigns one), no default description. */
function forIntake(entry: RegistryEntry): RegistryEntry {
  const { exchangeId: _assignedByPasarela, annotationDescription, ...control } = entry.control;
  const keep = annotationDescription !== undefined && !isDefaultDescription(annotationDescription);
  return { ...entry, control: keep ? { ...control, annotationDescription } : control };
}

export function toRegistryEntry(parsed: ParsedFichero): RegistryEntry {
  const { entry, sicres, problems } = ficheroToRegistryEntry(parsed);
  const all = [
    ...structureProblems(parsed),
    ...problems.filter((p) => p.pointer !== EXCHANGE_ID_POINTER).map((p) => ({ ...p, pointer: inFichero(p.pointer) })),
    ...annotationProblem(sicres.annotationType),
  ];
  if (all.length > 0) {
    // Bounded like schema problems: a hostile fichero can repeat a bad segment thousands of times.
    const shown = all.length > MAX_PROBLEMS ? ` (the first ${MAX_PROBLEMS} are listed)` : '';
    throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The fichero cannot be taken as a registry entry: ${all.length} problem(s)${shown}`, {
      problems: all.slice(0, MAX_PROBLEMS),
    });
  }
  return forIntake(entry);
}
