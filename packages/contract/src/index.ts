export * from './types';
export {
  type Handlers,
  type HandlerName,
  type ArgsOf,
  type ValueOf,
  type Call,
  type NoArgs,
  type Access,
  handlerAccess,
  handlerNames,
  isHandlerName,
} from './handlers';
export { type Events, type EventName, eventNames, isEventName } from './events';
export { type ContractTransport, type ContractBridge, type WireRequest, type WireResponse, isResult } from './transport';
export { createClient, type ContractClient } from './client';
export {
  createDispatcher,
  notReady,
  EventHub,
  loopbackTransport,
  type Dispatch,
  type DispatcherOptions,
  type HandlerImplementations,
} from './dispatch';
export { httpTransport, secretFromFragment, type HttpTransport, type HttpTransportOptions } from './http-client';
export { officerUiCsp } from './csp';
