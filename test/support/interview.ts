export * from '@exam/server/demo/interview';
