export * from './settings';
export * from './codes';
export * from './ballot';
export * from './count';
export * from './requests';
