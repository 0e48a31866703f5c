export * from './problem';
export * from './health';
export * from './client-errors';
export * from './identity';
export * from './diplomas';
export * from './email';
export * from './legal';
export * from './billing';
