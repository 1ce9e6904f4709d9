/**
 * The Metrics panel's Prometheus text parser and what the panel makes of a scrape: labels with
 * escapes, histograms grouped under their family, special values, malformed lines reported.
 */
import { describe, expect, it } from 'vitest';
import { parseExposition, parseValue, sumBy } from '../src/prom-text.js';
import { describeChanges, duration, readings, summarize } from '../src/metrics-model.js';

/** A scrape shaped the way prom-client writes the BFF's metrics (docs/operations.md "Metrics"). */
const SCRAPE = `# HELP auth_bff_signins_total Sign-in attempts by method, connector and outcome.
# TYPE auth_bff_signins_total counter
auth_bff_signins_total{method="password",connector="bw",outcome="success"} 3
auth_bff_signins_total{method="password",connector="bw",outcome="invalid"} 2
auth_bff_signins_total{method="token",connector="bw",outcome="invalid"} 1

# HELP auth_bff_upstream_call_duration_seconds Upstream (connector) call latency by connector, call and outcome.
# TYPE auth_bff_upstream_call_duration_seconds histogram
auth_bff_upstream_call_duration_seconds_bucket{le="0.005",connector="bw",call="password",outcome="ok"} 1
auth_bff_upstream_call_duration_seconds_bucket{le="0.01",connector="bw",call="password",outcome="ok"} 3
auth_bff_upstream_call_duration_seconds_bucket{le="+Inf",connector="bw",call="password",outcome="ok"} 4
auth_bff_upstream_call_duration_seconds_sum{connector="bw",call="password",outcome="ok"} 0.04
auth_bff_upstream_call_duration_seconds_count{connector="bw",call="password",outcome="ok"} 4
auth_bff_upstream_call_duration_seconds_bucket{le="+Inf",connector="bw",call="password",outcome="timeout"} 1
auth_bff_upstream_call_duration_seconds_sum{connector="bw",call="password",outcome="timeout"} 5
auth_bff_upstream_call_duration_seconds_count{connector="bw",call="password",outcome="timeout"} 1
auth_bff_upstream_call_duration_seconds_bucket{le="+Inf",connector="au",call="phone.code",outcome="ok"} 2
auth_bff_upstream_call_duration_seconds_sum{connector="au",call="phone.code",outcome="ok"} 0.5
auth_bff_upstream_call_duration_seconds_count{connector="au",call="phone.code",outcome="ok"} 2

# HELP auth_bff_circuit_state Circuit breaker state per connector: 0 closed, 1 half-open, 2 open.
# TYPE auth_bff_circuit_state gauge
auth_bff_circuit_state{connector="bw"} 0
auth_bff_circuit_state{connector="au"} 2
# TYPE auth_bff_circuit_transitions_total counter
auth_bff_circuit_transitions_total{connector="au",from="closed",to="open"} 1
# TYPE auth_bff_throttle_refusals_total counter
auth_bff_throttle_refusals_total{limit="signin:acct"} 1
# TYPE auth_bff_codes_sent_total counter
auth_bff_codes_sent_total{method="phone",connector="au"} 2
# HELP auth_bff_active_sessions Signed-in, unexpired sessions in this instance (memory store only).
# TYPE auth_bff_active_sessions gauge
auth_bff_active_sessions 1
# HELP process_cpu_user_seconds_total Total user CPU time spent in seconds.
# TYPE process_cpu_user_seconds_total counter
process_cpu_user_seconds_total 0.123456 1733600000000
`;

describe('parseExposition', () => {
  it('reads HELP, TYPE, labels and values; histogram series belong to their family', () => {
    const { families, errors } = parseExposition(SCRAPE);
    expect(errors).toEqual([]);
    const signIns = families.get('auth_bff_signins_total')!;
    expect(signIns.type).toBe('counter');
    expect(signIns.help).toBe('Sign-in attempts by method, connector and outcome.');
    expect(signIns.samples[0]).toEqual({
      name: 'auth_bff_signins_total',
      labels: { method: 'password', connector: 'bw', outcome: 'success' },
      value: 3,
    });
    const hist = families.get('auth_bff_upstream_call_duration_seconds')!;
    expect(hist.type).toBe('histogram');
    expect(hist.samples).toHaveLength(11);
    expect(families.has('auth_bff_upstream_call_duration_seconds_bucket')).toBe(false);
    expect(hist.samples[2]).toEqual({
      name: 'auth_bff_upstream_call_duration_seconds_bucket',
      labels: { le: '+Inf', connector: 'bw', call: 'password', outcome: 'ok' },
      value: 4,
    });
    expect(parseValue(hist.samples[2]!.labels.le!)).toBe(Infinity);
    // A timestamp after the value is allowed and ignored.
    expect(families.get('process_cpu_user_seconds_total')!.samples[0]!.value).toBe(0.123456);
  });

  it('unescapes label values (\\\\, \\", \\n) and HELP text (\\\\, \\n), keeping commas, braces and = inside quotes', () => {
    const text = [
      '# HELP x_total A help with a \\\\ backslash\\nand a second line.',
      '# TYPE x_total counter',
      'x_total{path="C:\\\\dir\\\\",quote="say \\"hi\\"",nl="a\\nb",odd="{a=1,b}",empty=""} 7',
      'x_total{ spaced = "yes" , } 1e3',
    ].join('\n');
    const { families, errors } = parseExposition(text);
    expect(errors).toEqual([]);
    const x = families.get('x_total')!;
    expect(x.help).toBe('A help with a \\ backslash\nand a second line.');
    expect(x.samples[0]!.labels).toEqual({
      path: 'C:\\dir\\',
      quote: 'say "hi"',
      nl: 'a\nb',
      odd: '{a=1,b}',
      empty: '',
    });
    expect(x.samples[0]!.value).toBe(7);
    expect(x.samples[1]).toEqual({ name: 'x_total', labels: { spaced: 'yes' }, value: 1000 });
  });

  it('reads +Inf, -Inf and NaN; keeps series without TYPE as untyped; ignores other comments', () => {
    const { families, errors } = parseExposition('# just a comment\ng 1\ng{a="b"} -Inf\nh NaN\nh{x="1"} +Inf\n');
    expect(errors).toEqual([]);
    expect(families.get('g')!.type).toBe('untyped');
    expect(families.get('g')!.samples.map((s) => s.value)).toEqual([1, -Infinity]);
    expect(Number.isNaN(families.get('h')!.samples[0]!.value)).toBe(true);
    expect(families.get('h')!.samples[1]!.value).toBe(Infinity);
  });

  it('a _sum without a histogram TYPE is its own family, not folded into another', () => {
    const { families } = parseExposition('# TYPE a counter\na 1\na_sum 2\n');
    expect(families.get('a')!.samples).toHaveLength(1);
    expect(families.get('a_sum')!.samples[0]!.value).toBe(2);
  });

  it('reports malformed lines with their number and keeps the rest', () => {
    const text = [
      'ok 1',
      'bad{a="unterminated} 1',
      'bad{a="x"} not-a-number',
      'bad{a="\\q"} 1',
      'bad{a="x" b="y"} 1',
      'bad 1 2 3',
      '# TYPE t sometype',
      '{a="b"} 1',
      'ok 2',
    ].join('\n');
    const { families, errors } = parseExposition(text);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(errors[2]!.reason).toMatch(/bad escape/);
    expect(families.get('ok')!.samples.map((s) => s.value)).toEqual([1, 2]);
  });

  it('sumBy adds up samples over the labels left out', () => {
    const { families } = parseExposition(SCRAPE);
    const hist = families.get('auth_bff_upstream_call_duration_seconds');
    expect(sumBy(hist, ['connector'], 'auth_bff_upstream_call_duration_seconds_count')).toEqual([
      { labels: { connector: 'bw' }, value: 5 },
      { labels: { connector: 'au' }, value: 2 },
    ]);
  });
});

describe('summarize (what the panel shows)', () => {
  it('turns the scrape into sign-ins, codes, refusals, upstream calls with averages, breakers and sessions', () => {
    const view = summarize(SCRAPE);
    expect(view.sessions).toBe(1);
    expect(view.signIns).toEqual([
      { method: 'password', outcome: 'success', count: 3 },
      { method: 'password', outcome: 'invalid', count: 2 },
      { method: 'token', outcome: 'invalid', count: 1 },
    ]);
    expect(view.codes).toEqual([{ method: 'phone', connector: 'au', count: 2 }]);
    expect(view.refusals).toEqual([{ limit: 'signin:acct', count: 1 }]);
    // Average = _sum ÷ _count over every outcome of the call: (0.04 + 5) / 5.
    expect(view.upstream).toEqual([
      { connector: 'au', call: 'phone.code', calls: 2, failed: 0, averageSeconds: 0.25 },
      { connector: 'bw', call: 'password', calls: 5, failed: 1, averageSeconds: (0.04 + 5) / 5 },
    ]);
    expect(view.breakers).toEqual([
      { connector: 'au', state: 'open', changes: 1 },
      { connector: 'bw', state: 'closed', changes: 0 },
    ]);
  });

  it('no active-sessions series (Redis store): sessions unknown, not 0', () => {
    expect(summarize('# TYPE auth_bff_signins_total counter\n').sessions).toBeUndefined();
  });

  it('describes what moved in one sentence, and nothing when nothing did', () => {
    const before = readings(summarize(SCRAPE));
    const after = readings(
      summarize(
        SCRAPE.replace('outcome="success"} 3', 'outcome="success"} 4')
          .replace('outcome="invalid"} 2', 'outcome="invalid"} 3')
          .replace('auth_bff_active_sessions 1', 'auth_bff_active_sessions 0'),
      ),
    );
    expect(describeChanges(before, before)).toBe('');
    expect(describeChanges(before, after)).toBe(
      'Metrics changed: signed-in sessions \u22121; Password sign-ins, signed in +1; Password sign-ins, wrong credential or code +1.',
    );
    expect(duration(0.0123)).toBe('12 ms');
    expect(duration(0.004)).toBe('4.0 ms');
    expect(duration(1.26)).toBe('1.3 s');
    expect(duration(undefined)).toBe('–');
  });
});
