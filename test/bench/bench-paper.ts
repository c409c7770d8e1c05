export * from '@exam/server/demo/papers';
