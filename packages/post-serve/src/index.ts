export { serveContract, staticFile, type ServeContractOptions, type ContractServer } from './server';
