export { senderNext, isTransientError, type SenderState, type SenderEvent, type SenderStep, type SenderAction } from './sender';
export { receiverNext, FIRST_RECEPTION, type ReceiverState, type ReceiverEvent, type ReceiverStep, type ReceiverAction } from './receiver';
