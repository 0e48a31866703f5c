import { describe, expect, it } from 'vitest';
import { EventType, failureFromError, historyEvents, parseJsonOr, toStatusHistory } from './history';

const t0 = '2030-01-01T00:00:00.000Z';
const t1 = '2030-01-01T00:00:01.000Z';

describe('history events', () => {
  it('have the shapes and EventType numbers durable-functions reads', () => {
    expect(historyEvents.taskScheduled(t0, 3, 'Send', '"x"')).toEqual({
      EventType: 4,
      EventId: 3,
      IsPlayed: false,
      Timestamp: t0,
      Name: 'Send',
      Input: '"x"',
    });
    expect(historyEvents.timerFired(t1, 4, t1)).toMatchObject({
      EventType: 11,
      EventId: -1,
      TimerId: 4,
      FireAt: t1,
    });
    expect(historyEvents.eventRaised(t1, 'Approval', undefined)).not.toHaveProperty('Input');
    expect(historyEvents.taskFailed(t1, 2, { reason: 'boom', details: 'stack' })).toMatchObject({
      EventType: 6,
      TaskScheduledId: 2,
      Reason: 'boom',
      Details: 'stack',
    });
    expect(EventType).toMatchObject({
      ExecutionStarted: 0,
      ExecutionTerminated: 3,
      OrchestratorStarted: 12,
      EventRaised: 15,
    });
  });

  it('turns thrown errors into failures, unpacking structured failure details', () => {
    const plain = failureFromError(new TypeError('bad input'));
    expect(plain.reason).toBe('bad input');
    expect(plain.failureDetails).toMatchObject({
      ErrorType: 'TypeError',
      ErrorMessage: 'bad input',
      IsNonRetriable: false,
    });
    const provided = failureFromError(
      new Error(
        JSON.stringify({
          errorType: 'QuotaError',
          errorMessage: 'too many',
          isNonRetriable: true,
          properties: { code: 7 },
        }),
      ),
    );
    expect(provided.failureDetails).toEqual({
      ErrorType: 'QuotaError',
      ErrorMessage: 'too many',
      IsNonRetriable: true,
      Properties: { code: 7 },
    });
    expect(failureFromError('just text').reason).toBe('just text');
  });

  it('builds the status API history like the extension (names, merged schedules, no episode markers)', () => {
    const history = [
      historyEvents.orchestratorStarted(t0),
      historyEvents.executionStarted(t0, 'Flow', '{"a":1}'),
      historyEvents.taskScheduled(t0, 0, 'Act', '5'),
      historyEvents.orchestratorCompleted(t0),
      historyEvents.orchestratorStarted(t1),
      historyEvents.taskCompleted(t1, 0, '10'),
      historyEvents.executionCompleted(t1, 'Completed', '10'),
      historyEvents.orchestratorCompleted(t1),
    ];
    expect(toStatusHistory(history, { showHistoryOutput: true })).toEqual([
      { EventType: 'ExecutionStarted', Timestamp: t0, FunctionName: 'Flow', Input: '{"a":1}' },
      {
        EventType: 'TaskCompleted',
        Timestamp: t1,
        Result: 10,
        ScheduledTime: t0,
        FunctionName: 'Act',
        Input: '5',
      },
      { EventType: 'ExecutionCompleted', Timestamp: t1, OrchestrationStatus: 'Completed', Result: 10 },
    ]);
    const terse = toStatusHistory(history, { showInput: false });
    expect(terse[1]).toEqual({
      EventType: 'TaskCompleted',
      Timestamp: t1,
      ScheduledTime: t0,
      FunctionName: 'Act',
    });
    expect(parseJsonOr('not json')).toBe('not json');
    expect(parseJsonOr(undefined)).toBeNull();
  });
});
