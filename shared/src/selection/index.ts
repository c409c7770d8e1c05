export * from './selection';
export * from './registration';
export * from './checks';
export * from './review';
export * from './admission';
