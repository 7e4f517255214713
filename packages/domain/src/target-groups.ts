/**
 * The ten target groups the supervisory authorities use for benchmarking. Slugs are ASCII
 * (æ → ae, ø → oe) so they are safe in URLs and keys; labels are the Danish names shown to users.
 */

export const TARGET_GROUPS = Object.freeze([
  Object.freeze({ slug: 'autisme', label: 'Autisme' }),
  Object.freeze({ slug: 'forsorgshjem', label: 'Forsorgshjem' }),
  Object.freeze({ slug: 'krisecentre', label: 'Krisecentre' }),
  Object.freeze({ slug: 'misbrugstilbud', label: 'Misbrugstilbud' }),
  Object.freeze({ slug: 'erhvervet-hjerneskade', label: 'Erhvervet hjerneskade' }),
  Object.freeze({ slug: 'socialpsykiatri', label: 'Socialpsykiatri' }),
  Object.freeze({ slug: 'udsatte-boern-og-unge', label: 'Udsatte børn og unge' }),
  Object.freeze({ slug: 'udviklingshaemmede', label: 'Udviklingshæmmede' }),
  Object.freeze({ slug: 'aflastning', label: 'Aflastning' }),
  Object.freeze({ slug: 'sikrede-institutioner', label: 'Sikrede institutioner' }),
] as const);

export type TargetGroupSlug = (typeof TARGET_GROUPS)[number]['slug'];

export interface TargetGroup {
  readonly slug: TargetGroupSlug;
  readonly label: string;
}

export const TARGET_GROUP_SLUGS: readonly TargetGroupSlug[] = Object.freeze(
  TARGET_GROUPS.map((group) => group.slug),
);

export function isTargetGroupSlug(value: unknown): value is TargetGroupSlug {
  return typeof value === 'string' && (TARGET_GROUP_SLUGS as readonly string[]).includes(value);
}

export function targetGroupLabel(slug: TargetGroupSlug): string {
  const group = TARGET_GROUPS.find((candidate) => candidate.slug === slug);
  if (!group) throw new RangeError('Unknown target group');
  return group.label;
}
