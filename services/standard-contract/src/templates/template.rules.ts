/**
 * Pure rules for contract templates: sections of Danish text with {{fields}}. Templates are data,
 * so a new version is loaded, not released; these rules decide whether a loaded one is usable.
 */
import type { FieldIssue } from '@rammeaftale/domain';
import { CONTRACT_FIELD_NAMES, MAX_PAYMENT_DAYS } from '../contracts/contract.rules';
import { TEMPLATE_VARIANTS, type TemplateVariantId } from './template-variants';

export interface TemplateSection {
  heading: string;
  text: string;
}

export interface TemplateContent {
  templateId: TemplateVariantId;
  version: number;
  title: string;
  /** YYYY-MM-DD from which the version is used for new contracts. */
  effectiveFrom: string;
  defaults: { paymentDays: number; noticeMonthsBuyer: number; noticeMonthsSupplier: number };
  sections: TemplateSection[];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

export function isTemplateVariantId(id: string): id is TemplateVariantId {
  return TEMPLATE_VARIANTS.some((v) => v.id === id);
}

export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/** Fills every {{field}}; a field without a value is a bug in the template check, so it throws. */
export function fillPlaceholders(text: string, fields: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => {
    const value = fields[name];
    if (value === undefined) throw new RangeError(`template field without a value: ${name}`);
    return value;
  });
}

/**
 * Why a template cannot be loaded, field by field. Only the four national standard contracts
 * exist; every field must be one the contract can fill; the payment term cannot exceed the
 * standard contract's 30 days.
 */
export function templateProblems(t: TemplateContent): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (!isTemplateVariantId(t.templateId))
    problems.push({
      field: 'templateId',
      message: `only the four national standard contracts exist: ${TEMPLATE_VARIANTS.map((v) => v.id).join(', ')}`,
    });
  if (t.defaults.paymentDays > MAX_PAYMENT_DAYS)
    problems.push({
      field: 'defaults.paymentDays',
      message: `payment is due at most ${MAX_PAYMENT_DAYS} days after the invoice`,
    });
  const known = new Set(CONTRACT_FIELD_NAMES);
  t.sections.forEach((s, i) => {
    const unknown = [...placeholdersOf(s.heading), ...placeholdersOf(s.text)].filter(
      (f) => !known.has(f),
    );
    if (unknown.length > 0)
      problems.push({
        field: `sections.${i}.text`,
        message: `unknown field(s): ${unknown.join(', ')}`,
      });
  });
  return problems;
}
