import { describe, expect, it } from 'vitest';
import { clientBindingValue, normalizeBaseUrl } from './http';

describe('durable client binding value', () => {
  it('normalizes the base URL', () => {
    expect(normalizeBaseUrl('http://127.0.0.1:7071/runtime/webhooks/durabletask')).toBe(
      'http://127.0.0.1:7071/runtime/webhooks/durabletask/',
    );
    expect(() => normalizeBaseUrl('ftp://x/')).toThrow(/http/);
  });

  it('has everything durable-functions getClient() validates and the rpc base it builds URLs from', () => {
    const value = clientBindingValue(
      'http://127.0.0.1:7071/runtime/webhooks/durabletask/',
      'SoinsHub',
    ) as Record<string, Record<string, string> | string>;
    expect(value.taskHubName).toBe('SoinsHub');
    expect(value.rpcBaseUrl).toBe('http://127.0.0.1:7071/runtime/webhooks/durabletask/');
    expect(value.creationUrls).toEqual({
      createNewInstancePostUri:
        'http://127.0.0.1:7071/runtime/webhooks/durabletask/orchestrators/{functionName}[/{instanceId}]?taskHub=SoinsHub&connection=Storage',
      createAndWaitOnNewInstancePostUri:
        'http://127.0.0.1:7071/runtime/webhooks/durabletask/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&taskHub=SoinsHub&connection=Storage',
    });
    expect(value.managementUrls).toMatchObject({
      id: 'INSTANCEID',
      statusQueryGetUri:
        'http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/INSTANCEID?taskHub=SoinsHub&connection=Storage',
      sendEventPostUri:
        'http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/INSTANCEID/raiseEvent/{eventName}?taskHub=SoinsHub&connection=Storage',
      terminatePostUri:
        'http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/INSTANCEID/terminate?reason={text}&taskHub=SoinsHub&connection=Storage',
    });
  });
});
