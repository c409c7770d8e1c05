export * from '@exam/server/demo/ranked-selection';
