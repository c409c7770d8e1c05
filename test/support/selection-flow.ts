export * from '@exam/server/demo/selection-flow';
