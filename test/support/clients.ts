export * from '@exam/server/demo/clients';
