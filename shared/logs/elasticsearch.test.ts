import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEsMsearch, decodeEsSearch, ECS_LOG_FIELDS, esErrorReason, esErrorType, esTime, parseEsError, type EsLogFields } from './elasticsearch';
import { valueAtPath } from './field-path';
import { levelOf } from './levels';

const recorded = (name: string): unknown => JSON.parse(readFileSync(new URL(`../testdata/logs/elasticsearch/${name}`, import.meta.url), 'utf8'));

/** Grafana's test index names its fields its own way: the reason the field names are configurable. */
const GRAFANA_FIELDS: EsLogFields = { timestamp: 'testtime', level: 'lvl', message: 'line', service: 'label', traceId: 'trace.id' };
/** Data Prepper's OTel log records in OpenSearch. */
const OTEL_FIELDS: EsLogFields = { timestamp: 'time', level: 'severityText', message: 'body', service: 'resource.attributes.service.name', traceId: 'traceId', spanId: 'spanId' };

describe('Elasticsearch _msearch answer (grafana logs.response.json)', () => {
  it('reads every hit line by line with the configured fields; highlight tags never reach the message', () => {
    const [page, ...rest] = decodeEsMsearch(recorded('grafana-msearch-logs.json'), GRAFANA_FIELDS);
    expect(rest).toEqual([]);
    if (!page || 'error' in page) throw new Error('expected a page');
    expect(page.hitCount).toBe(5);
    expect(page.unreadable).toBe(0);
    expect(page.lastSort).toEqual([1675953597665, 20]);
    expect(page.lines.map((l) => [l.time, l.level, l.message, l.service, l.id])).toEqual([
      [Date.UTC(2023, 1, 9, 14, 40, 1, 475), 'info', 'log text  [106619125]', 'val3', 'g2aeNoYB7vaC3bq-ezfK'],
      [Date.UTC(2023, 1, 9, 14, 40, 0, 513), 'error', 'log text with [781660944]', 'val3', 'gmaeNoYB7vaC3bq-eDcN'],
      [Date.UTC(2023, 1, 9, 14, 39, 59, 556), 'info', 'log text  [894867430]', 'val1', 'gWaeNoYB7vaC3bq-dDdL'],
      [Date.UTC(2023, 1, 9, 14, 39, 58, 608), 'info', 'log text  [478598889]', 'val1', 'gGaeNoYB7vaC3bq-cDeY'],
      [Date.UTC(2023, 1, 9, 14, 39, 57, 665), 'info', 'log text  [526995818]', 'val3', 'f2aeNoYB7vaC3bq-bDf7'],
    ]);
    expect(page.lines.every((l) => !l.message.includes('@HIGHLIGHT@') && l.traceId === undefined)).toBe(true);
    // The rest of the document, flattened: nulls left out, nested objects dotted, arrays of objects as JSON.
    expect(page.lines[0]).toEqual({
      time: Date.UTC(2023, 1, 9, 14, 40, 1, 475),
      level: 'info',
      message: 'log text  [106619125]',
      service: 'val3',
      labels: {},
      id: 'g2aeNoYB7vaC3bq-ezfK',
      fields: {
        is_true: 'true',
        counter: '81',
        float: '10.911972180833306',
        location: '-42.73465234425797, -14.097854057104112',
        shapes: '[{"type":"triangle"},{"type":"triangle"},{"type":"triangle"},{"type":"square"}]',
        'nested_field.internal.nested': 'value1',
        _index: 'logs-2023.02.09',
      },
    });
  });

  it('an _msearch response that failed is its error sentence, the others still pages', () => {
    const answers = decodeEsMsearch({ responses: [recorded('opensearch-error-index-not-found-404.json'), { hits: { hits: [] }, status: 200 }] }, ECS_LOG_FIELDS);
    expect(answers[0]).toEqual({ error: 'index_not_found_exception: no such index [.plugins-ml-controller]', status: 404 });
    expect(answers[1]).toMatchObject({ lines: [], hitCount: 0 });
  });
});

describe('OpenSearch OTel log record (Data Prepper)', () => {
  it('takes service from resource.attributes["service.name"], the level from severityText, and an empty traceId as none', () => {
    const page = decodeEsSearch(recorded('opensearch-otel-log-hit.json'), OTEL_FIELDS);
    expect(page.lines).toEqual([
      {
        time: Date.UTC(2025, 1, 19, 21, 19, 59),
        level: 'error',
        message: 'payment gateway timeout',
        service: 'checkout',
        labels: {},
        id: 'l24NBpoBk9xzgdmMXFDm',
        fields: {
          'instrumentationScope.name': 'manual-gzip',
          'instrumentationScope.droppedAttributesCount': '0',
          'resource.attributes.service.version': '1.4.2',
          'resource.schemaUrl': '',
          'resource.droppedAttributesCount': '0',
          flags: '0',
          severityNumber: '0',
          schemaUrl: '',
          'attributes.region': 'eu-west-1',
          'attributes.latency_ms': '1234.5',
          droppedAttributesCount: '0',
          observedTimestamp: '1970-01-01T00:00:00Z',
          _index: 'otel-logs-otel-output',
        },
      },
    ]);
  });

  it('with the ECS defaults the same document has no timestamp and is counted as unreadable, not shown at epoch 0', () => {
    expect(decodeEsSearch(recorded('opensearch-otel-log-hit.json'), ECS_LOG_FIELDS)).toMatchObject({ lines: [], unreadable: 1 });
  });
});

describe('OpenSearch search_after answer (paginate.md)', () => {
  it('gives the last hit’s sort values for the next page, with "key" : value spacing parsed', () => {
    const page = decodeEsSearch(recorded('opensearch-search-after-sort.json'), { ...ECS_LOG_FIELDS, timestamp: 'line_id', message: 'text_entry', service: 'play_name', level: 'speaker' });
    expect(page.lastSort).toEqual([1, 32636]);
    expect(page.lines.map((l) => [l.time, l.message, l.service, l.level])).toEqual([
      [32436, 'Whos there?', 'Hamlet', 'unknown'],
      [32635, 'Though yet of Hamlet our dear brothers death', 'Hamlet', 'unknown'],
      [32636, 'The memory be green, and that it us befitted', 'Hamlet', 'unknown'],
    ]);
  });
});

describe('Elasticsearch errors (OpenSearch docs)', () => {
  it('index not found: its type and reason', () => {
    const error = parseEsError(recorded('opensearch-error-index-not-found-404.json'))!;
    expect(esErrorType(error)).toBe('index_not_found_exception');
    expect(esErrorReason(error)).toBe('index_not_found_exception: no such index [.plugins-ml-controller]');
  });

  it('search_phase_execution_exception: "all shards failed" plus the root cause that says why', () => {
    const error = parseEsError(recorded('opensearch-error-search-phase-400.json'))!;
    expect(esErrorType(error)).toBe('query_shard_exception');
    expect(esErrorReason(error)).toBe(
      'search_phase_execution_exception: all shards failed; root cause query_shard_exception: failed to create query: Cannot search on field [description] since it is not indexed.',
    );
  });

  it('adds the deepest caused_by when the root cause does not already say it', () => {
    const error = parseEsError({
      error: {
        type: 'search_phase_execution_exception',
        reason: 'all shards failed',
        root_cause: [{ type: 'query_shard_exception', reason: 'Failed to parse query [level:(]' }],
        failed_shards: [{ reason: { type: 'query_shard_exception', reason: 'Failed to parse query [level:(]', caused_by: { type: 'parse_exception', reason: "Cannot parse 'level:(': Encountered \"<EOF>\"" } } }],
      },
      status: 400,
    })!;
    expect(esErrorReason(error)).toBe(
      `search_phase_execution_exception: all shards failed; root cause query_shard_exception: Failed to parse query [level:(]; caused by parse_exception: Cannot parse 'level:(': Encountered "<EOF>"`,
    );
  });

  it('a body that is not an error is not taken for one', () => {
    expect(parseEsError({ hits: { hits: [] } })).toBeUndefined();
  });
});

describe('fields, times and levels', () => {
  it('reads dotted paths nested, flat, or mixed', () => {
    expect(valueAtPath({ service: { name: 'a' } }, 'service.name')).toBe('a');
    expect(valueAtPath({ 'service.name': 'b' }, 'service.name')).toBe('b');
    expect(valueAtPath({ resource: { attributes: { 'service.name': 'c' } } }, 'resource.attributes.service.name')).toBe('c');
    expect(valueAtPath({ log: { level: null } }, 'log.level')).toBeNull();
    expect(valueAtPath({ log: 'x' }, 'log.level')).toBeUndefined();
  });

  it('reads ISO times with nanoseconds and offsets, and epoch ms as a number or digits', () => {
    expect(esTime('2023-02-09T14:40:01.475Z')).toEqual({ ms: 1675953601475 });
    expect(esTime('2023-02-09T14:40:01.475123456Z')).toEqual({ ms: 1675953601475, nanos: '1675953601475123456' });
    expect(esTime('2023-02-09T15:40:01.5+01:00')).toEqual({ ms: 1675953601500 });
    expect(esTime(1675953601475)).toEqual({ ms: 1675953601475 });
    expect(esTime('1675953601475')).toEqual({ ms: 1675953601475 });
    expect(esTime('yesterday')).toBeUndefined();
    expect(esTime(null)).toBeUndefined();
  });

  it('knows level synonyms and OTel severity numbers', () => {
    expect(['WARN', 'warning', 'Warn', 'WARN2', 'ERROR', 'fatal', 'crit', 'Information', 'DEBUG', 'trace', 'bogus', ''].map(levelOf)).toEqual([
      'warn', 'warn', 'warn', 'warn', 'error', 'error', 'error', 'info', 'debug', 'debug', 'unknown', 'unknown',
    ]);
    expect([0, 1, 5, 9, 13, 17, 21, 25, '14'].map(levelOf)).toEqual(['unknown', 'debug', 'debug', 'info', 'warn', 'error', 'error', 'unknown', 'warn']);
  });
});
