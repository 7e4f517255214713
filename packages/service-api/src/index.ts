export { ContractBasis, Party } from './contract-basis';
