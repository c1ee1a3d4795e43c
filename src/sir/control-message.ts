/**
 * SICRES 3.0 control messages (`De_Mensaje`, reference/sir-sicres3.md §5): ACK `01`, ERROR `02`
 * (with `Codigo_Error`), CONFIRMACIÓN `03` (with the destination's registry number and date).
 * Built for WS_SIR7 (src/connectors/sir/control.ts), read from WS_SIR9 and by the simulator.
 */
export {
  CONTROL_FIELDS,
  ControlMessageTypes,
  controlMessageProblems,
  isSicresDateTime,
  type ControlMessage,
  type ControlMessageType,
} from './control/fields';
export { buildControlMessage } from './control/build';
export { MAX_CONTROL_MESSAGE_BYTES, parseControlMessage } from './control/parse';
