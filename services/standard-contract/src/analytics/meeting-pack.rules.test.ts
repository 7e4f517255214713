import { defaultPeriod } from './meeting-pack.rules';

describe('the meeting pack’s default period', () => {
  it('When no period is given, then it is the half year up to today, the same day six months before', () => {
    expect(defaultPeriod('2026-12-02', {})).toEqual({ from: '2026-06-02', to: '2026-12-02' });
    expect(defaultPeriod('2026-03-15', {})).toEqual({ from: '2025-09-15', to: '2026-03-15' });
  });

  it('When that day does not exist six months before, then the period starts on that month’s last day', () => {
    expect(defaultPeriod('2026-08-31', {})).toEqual({ from: '2026-02-28', to: '2026-08-31' });
    expect(defaultPeriod('2028-08-31', {})).toEqual({ from: '2028-02-29', to: '2028-08-31' });
    expect(defaultPeriod('2026-12-31', {})).toEqual({ from: '2026-06-30', to: '2026-12-31' });
  });

  it('When only one end is given, then the other is today or half a year before it', () => {
    expect(defaultPeriod('2026-12-02', { from: '2026-01-01' })).toEqual({
      from: '2026-01-01',
      to: '2026-12-02',
    });
    expect(defaultPeriod('2026-12-02', { to: '2026-06-30' })).toEqual({
      from: '2025-12-30',
      to: '2026-06-30',
    });
  });
});
