import { isDir3Code } from '../../core/validators/dir3';
import { isValidNie, isValidNif } from '../../core/validators/identity';
import type { Segment } from '../fichero';
import { IDENTITY_DOCUMENT_TYPES, PREFERRED_CHANNELS, REGISTRY_OUTGOING, SPAIN, inList } from './codes';
import { filled, type RuleContext } from './context';

/**
 * §10 B.6: interested parties and representatives. Reasons name the party by position and the
 * element, never its values (they are citizen data). With no party at all, the originating
 * unit must be given (plan RC-001 vs RC-117); a representative needs an interested party.
 */

type Role = 'Interesado' | 'Representante';

const PERSON_FIELDS = ['Tipo_Documento_Identificacion', 'Documento_Identificacion', 'Razon_Social', 'Nombre',
  'Primer_Apellido', 'Segundo_Apellido', 'Pais', 'Provincia', 'Municipio', 'Direccion', 'Codigo_Postal',
  'Correo_Electronico', 'Telefono_Contacto', 'Direccion_Electronica_Habilitada', 'Canal_Preferente_Comunicacion'];

function hasPerson(s: Segment, role: Role): boolean {
  return PERSON_FIELDS.some((f) => filled(s, `${f}_${role}`) !== undefined);
}

/**
 * Document number checks per type. NIF and NIE check letters are verified (plan RC-131, LIBSIR
 * 0149; regweb3 dropped this, reference §10 marks it conflicting). CIF: shape only — the
 * Ministry's own accepted case RC-128 carries a CIF whose control character does not verify.
 */
function documentOk(type: string, number: string): boolean {
  switch (type) {
    case 'N': return isValidNif(number);
    case 'E': return isValidNie(number);
    case 'C': return /^[A-Z][0-9]{7}[0-9A-Z]$/.test(number);
    case 'O': return isDir3Code(number);
    default: return true;
  }
}

function identityReasons(s: Segment, role: Role, where: string, outgoing: boolean): string[] {
  const reasons: string[] = [];
  const type = filled(s, `Tipo_Documento_Identificacion_${role}`);
  const number = filled(s, `Documento_Identificacion_${role}`);
  const company = filled(s, `Razon_Social_${role}`) !== undefined;
  const person = filled(s, `Nombre_${role}`) !== undefined && filled(s, `Primer_Apellido_${role}`) !== undefined;
  if (type !== undefined && !inList(IDENTITY_DOCUMENT_TYPES, type)) reasons.push(`${where}: Tipo_Documento_Identificacion_${role} is not a document type`);
  else if (type === 'C' || type === 'O') {
    if (!company) reasons.push(`${where}: Razon_Social_${role} is required for document type ${type}`);
  } else if (type !== undefined && !person) reasons.push(`${where}: Nombre_${role} and Primer_Apellido_${role} are required for document type ${type}`);
  if (type === undefined && !company && !person) reasons.push(`${where}: the ${role.toLowerCase()} needs Razon_Social_${role} or Nombre_${role} and Primer_Apellido_${role}`);
  if (type !== undefined && number !== undefined && !documentOk(type, number)) reasons.push(`${where}: Documento_Identificacion_${role} is not a valid number for document type ${type}`);
  if (outgoing && type === 'O' && number === undefined) reasons.push(`${where}: Documento_Identificacion_${role} is required for document type O in an outgoing entry`);
  return reasons;
}

function channelReasons(s: Segment, role: Role, where: string): string[] {
  const channel = filled(s, `Canal_Preferente_Comunicacion_${role}`);
  if (channel === undefined) return [];
  if (!inList(PREFERRED_CHANNELS, channel)) return [`${where}: Canal_Preferente_Comunicacion_${role} is not 01, 02 or 03`];
  const has = (f: string) => filled(s, `${f}_${role}`) !== undefined;
  const reasons: string[] = [];
  if (channel === '01') {
    if (!has('Pais') || !has('Direccion')) reasons.push(`${where}: channel 01 needs Pais_${role} and Direccion_${role}`);
    else if (s[`Pais_${role}`] === SPAIN && !has('Codigo_Postal') && !(has('Provincia') && has('Municipio'))) {
      reasons.push(`${where}: channel 01 in Spain needs Codigo_Postal_${role} or Provincia_${role} and Municipio_${role}`);
    }
  }
  if (channel === '02' && !has('Direccion_Electronica_Habilitada')) reasons.push(`${where}: channel 02 needs Direccion_Electronica_Habilitada_${role}`);
  return reasons;
}

function partyReasons(s: Segment, where: string, outgoing: boolean): string[] {
  const interested = hasPerson(s, 'Interesado');
  const representative = hasPerson(s, 'Representante');
  if (!interested && !representative) return [];
  if (!interested) return [`${where}: a representative without an interested party`];
  const reasons = [...identityReasons(s, 'Interesado', where, outgoing), ...channelReasons(s, 'Interesado', where)];
  if (representative) reasons.push(...identityReasons(s, 'Representante', where, outgoing), ...channelReasons(s, 'Representante', where));
  return reasons;
}

export function interestedRules(ctx: RuleContext): string[] {
  const f = ctx.f;
  if (f.interested.length === 0) return []; // a missing segment is an XSD fact
  const outgoing = f.control?.Tipo_Registro === REGISTRY_OUTGOING;
  const reasons = f.interested.flatMap((s, i) => partyReasons(s, `De_Interesado[${i + 1}]`, outgoing));
  const anyParty = f.interested.some((s) => hasPerson(s, 'Interesado') || hasPerson(s, 'Representante'));
  if (!anyParty && filled(f.origin, 'Codigo_Unidad_Tramitacion_Origen') === undefined) {
    reasons.push('there is no interested party, so Codigo_Unidad_Tramitacion_Origen is required');
  }
  return reasons;
}
