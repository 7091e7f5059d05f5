export { startPostRuntime, type PostRuntime, type PostRuntimeOptions } from './runtime';
export { CaptureService, riskRuleMatches, defaultCaptureSettings, type CaptureSettings, type FingerprintSource } from './capture';
export { attachDevices, deviceHandlers, startStationDevices } from './devices';
export { openStationAlertIndex, type StationAlertIndex } from './station-alert-index';
export { assertStationStopped, runningStationPids } from './station-running';
export { resetTravellerBackfill, travellerBackfillState, type TravellerBackfillResult, type TravellerBackfillState } from './traveller-backfill';
