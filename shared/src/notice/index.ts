export * from './calendar';
export * from './notices';
