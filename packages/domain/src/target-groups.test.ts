import {
  isTargetGroupSlug,
  TARGET_GROUP_SLUGS,
  TARGET_GROUPS,
  targetGroupLabel,
  type TargetGroupSlug,
} from './target-groups';

describe('target groups', () => {
  it('holds the ten benchmark target groups with Danish labels', () => {
    expect(TARGET_GROUPS.map((group) => group.label)).toEqual([
      'Autisme',
      'Forsorgshjem',
      'Krisecentre',
      'Misbrugstilbud',
      'Erhvervet hjerneskade',
      'Socialpsykiatri',
      'Udsatte børn og unge',
      'Udviklingshæmmede',
      'Aflastning',
      'Sikrede institutioner',
    ]);
  });

  it('uses unique URL-safe slugs', () => {
    expect(new Set(TARGET_GROUP_SLUGS).size).toBe(10);
    for (const slug of TARGET_GROUP_SLUGS) expect(slug).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('is read-only', () => {
    expect(Object.isFrozen(TARGET_GROUPS)).toBe(true);
    expect(TARGET_GROUPS.every((group) => Object.isFrozen(group))).toBe(true);
  });

  it('recognises slugs and gives their labels', () => {
    expect(isTargetGroupSlug('udsatte-boern-og-unge')).toBe(true);
    expect(isTargetGroupSlug('Autisme')).toBe(false);
    expect(isTargetGroupSlug(42)).toBe(false);
    expect(targetGroupLabel('udviklingshaemmede')).toBe('Udviklingshæmmede');
    expect(() => targetGroupLabel('unknown' as TargetGroupSlug)).toThrow(RangeError);
  });
});
