import { describe, expect, it } from 'vitest';
import type { AuditEventRowFragment } from '../gql/graphql';
import { csvCell, exportFileName, fetchAll, toCsv, toJson } from './export';

const event = (overrides: Partial<AuditEventRowFragment> = {}): AuditEventRowFragment => ({
  id: 'e1',
  connectionCode: 'CRM',
  type: 'TOKEN_REFRESH_FAILED',
  outcome: 'FAILURE',
  actor: null,
  at: '2026-11-30T10:00:00.000Z',
  lastAt: '2026-11-30T10:30:00.000Z',
  count: 3,
  message: 'Refresh failed: HTTP 503',
  ...overrides,
});

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['two\nlines', '"two\nlines"'],
  ])('%j becomes %j', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });
});

describe('toCsv / toJson', () => {
  it('writes a header and one line per event, defusing formula-like actors and messages', () => {
    const csv = toCsv([event(), event({ id: 'e2', type: 'TOKEN_TESTED', outcome: 'SUCCESS', actor: '=cmd|x', count: 1, message: '-1+1' })]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('at (UTC),last at (UTC),count,connection,type,event,outcome,actor,message');
    expect(lines[1]).toBe(
      '2026-11-30T10:00:00.000Z,2026-11-30T10:30:00.000Z,3,CRM,TOKEN_REFRESH_FAILED,Token refresh failed,FAILURE,Automatic refresher,Refresh failed: HTTP 503',
    );
    expect(lines[2]).toContain(",'=cmd|x,'-1+1");
    expect(lines).toHaveLength(4);
  });

  it('JSON keeps the API fields and UTC times', () => {
    expect(JSON.parse(toJson([event()]))).toEqual([
      {
        id: 'e1',
        connectionCode: 'CRM',
        type: 'TOKEN_REFRESH_FAILED',
        outcome: 'FAILURE',
        actor: null,
        at: '2026-11-30T10:00:00.000Z',
        lastAt: '2026-11-30T10:30:00.000Z',
        count: 3,
        message: 'Refresh failed: HTTP 503',
      },
    ]);
  });
});

describe('fetchAll', () => {
  it('follows the cursor to the last page', async () => {
    const asked: Array<string | null> = [];
    const all = await fetchAll(async (after) => {
      asked.push(after);
      if (after === null) return { events: [event({ id: 'a' })], endCursor: 'c1', hasNextPage: true };
      if (after === 'c1') return { events: [event({ id: 'b' })], endCursor: 'c2', hasNextPage: true };
      return { events: [event({ id: 'c' })], endCursor: null, hasNextPage: false };
    });
    expect(asked).toEqual([null, 'c1', 'c2']);
    expect(all.map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });
});

it('names the file by connection and UTC time', () => {
  expect(exportFileName('CRM', 'csv', new Date('2026-11-30T10:00:05.123Z'))).toBe('history-CRM-2026-11-30T10-00-05Z.csv');
});
