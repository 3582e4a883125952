import { describe, expect, it } from 'vitest';
import { deriveStatus, statusCodeOf } from './status';

describe('deriveStatus', () => {
  it('weighs the reported status against the error tag and the HTTP and gRPC statuses, per span kind', () => {
    const cases: [Parameters<typeof deriveStatus>, ReturnType<typeof deriveStatus>][] = [
      [[{}, {}, 'server'], { code: 'unset' }],
      [[{ reported: 'ok' }, {}, 'server'], { code: 'ok' }],
      [[{ reported: 'ok' }, { 'http.status_code': '504' }, 'server'], { code: 'error', message: 'HTTP 504', reported: 'ok' }],
      [[{}, { 'http.response.status_code': '503' }, 'internal'], { code: 'error', message: 'HTTP 503' }],
      // a 404 is the caller's failure, not the server's (OTel HTTP conventions)
      [[{}, { 'http.status_code': '404' }, 'server'], { code: 'unset' }],
      [[{}, { 'http.status_code': '404' }, 'client'], { code: 'error', message: 'HTTP 404' }],
      [[{ reported: 'ok' }, { 'http.status_code': '404' }, 'server'], { code: 'ok' }],
      [[{}, { 'rpc.grpc.status_code': '14' }, 'server'], { code: 'error', message: 'gRPC status 14' }],
      [[{}, { 'rpc.grpc.status_code': '5' }, 'server'], { code: 'unset' }],
      [[{}, { 'rpc.grpc.status_code': '5' }, 'client'], { code: 'error', message: 'gRPC status 5' }],
      [[{ errorTag: true, errorText: 'connection refused' }, {}, 'client'], { code: 'error', message: 'connection refused' }],
      [[{ errorTag: true, errorText: 'true' }, { 'http.status_code': '502' }, 'client'], { code: 'error', message: 'HTTP 502' }],
      [[{ errorTag: true, errorText: '' }, {}, 'internal'], { code: 'error' }],
      [[{ reported: 'error', reportedMessage: 'deadline exceeded' }, { 'http.status_code': '200' }, 'server'], { code: 'error', message: 'deadline exceeded' }],
      [[{ reported: 'unset' }, { 'http.status_code': 'abc' }, 'server'], { code: 'unset' }],
    ];
    for (const [args, expected] of cases) expect([args, deriveStatus(...args)]).toEqual([args, expected]);
  });

  it('reads OTLP codes as numbers or names and Jaeger otel.status_code text', () => {
    expect([0, 1, 2, '2', 'STATUS_CODE_ERROR', 'STATUS_CODE_OK', 'OK', 'error', 'UNSET', 'weird', undefined, null].map(statusCodeOf)).toEqual([
      'unset',
      'ok',
      'error',
      'error',
      'error',
      'ok',
      'ok',
      'error',
      'unset',
      undefined,
      undefined,
      undefined,
    ]);
  });
});
