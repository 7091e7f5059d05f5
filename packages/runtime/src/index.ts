export { startPostRuntime, type PostRuntime, type PostRuntimeOptions } from './runtime';
