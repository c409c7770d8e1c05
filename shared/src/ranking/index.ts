export * from './rules';
export * from './composite';
export * from './shortlist';
export * from './matching';
export * from './selection-ranking';
export * from './fixing';
export * from './status';
export * from './decision';
