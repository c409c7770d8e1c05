export * from '@exam/server/demo/ballots';
