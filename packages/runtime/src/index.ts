export { startPostRuntime, type PostRuntime, type PostRuntimeOptions } from './runtime';
export { CaptureService, riskRuleMatches, defaultCaptureSettings, type CaptureSettings, type FingerprintSource } from './capture';
export { attachDevices, deviceHandlers, startStationDevices } from './devices';
