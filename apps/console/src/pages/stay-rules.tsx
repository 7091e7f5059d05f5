/**
 * Stay rules (fixed N days, rolling N in M days, exempt; by nationality and/or visa type). Supervisors
 * (and administrators) add, edit and delete rules; analysts read them (roles.ts). Each change is checked
 * here field by field with messages in the console language, then saved as the whole list; the server
 * checks again (its refusal is shown as it comes). The overstay queue is computed from the rules in
 * force, so a saved change shows there at once.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api';
import { Table, errorText, when } from '../components';

type Kind = 'fixed' | 'rolling' | 'exempt';
interface StayRule {
  id: string;
  match: { nationalities?: string[]; visaTypes?: string[] };
  kind: Kind;
  maxDays?: number;
  windowDays?: number;
}
interface Draft {
  id: string;
  kind: Kind;
  nationalities: string;
  visaTypes: string;
  maxDays: string;
  windowDays: string;
}
type Field = 'id' | 'nationalities' | 'visaTypes' | 'maxDays' | 'windowDays';

// The server's limits (apps/server/src/supervisor/stay-rules.ts, STAY_RULE_LIMITS).
const ID = /^[A-Za-z0-9._-]{1,60}$/;
const COUNTRY = /^[A-Z<]{1,3}$/;
const VISA_TYPE = /^[A-Za-z0-9 ._/-]{1,40}$/;
const MAX_DAYS = 3650;

const codes = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

function toDraft(rule: StayRule | null): Draft {
  return {
    id: rule?.id ?? '',
    kind: rule?.kind ?? 'fixed',
    nationalities: (rule?.match.nationalities ?? []).join(', '),
    visaTypes: (rule?.match.visaTypes ?? []).join(', '),
    maxDays: rule?.maxDays !== undefined ? String(rule.maxDays) : '',
    windowDays: rule?.windowDays !== undefined ? String(rule.windowDays) : '',
  };
}

function toRule(draft: Draft): StayRule {
  const nationalities = codes(draft.nationalities.toUpperCase());
  const visaTypes = codes(draft.visaTypes);
  const match = { ...(nationalities.length > 0 ? { nationalities } : {}), ...(visaTypes.length > 0 ? { visaTypes } : {}) };
  const id = draft.id.trim();
  if (draft.kind === 'exempt') return { id, match, kind: 'exempt' };
  if (draft.kind === 'fixed') return { id, match, kind: 'fixed', maxDays: Number(draft.maxDays) };
  return { id, match, kind: 'rolling', maxDays: Number(draft.maxDays), windowDays: Number(draft.windowDays) };
}

const wholeDays = (value: string, min: number) => /^\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= MAX_DAYS;

/** Message keys per field of one rule, as the server would refuse it. */
export function draftErrors(draft: Draft, otherIds: string[]): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  const id = draft.id.trim();
  if (!ID.test(id)) errors.id = 'stayRules.errors.id';
  else if (otherIds.includes(id)) errors.id = 'stayRules.errors.duplicate';
  if (!codes(draft.nationalities.toUpperCase()).every((code) => COUNTRY.test(code))) errors.nationalities = 'stayRules.errors.nationalities';
  if (!codes(draft.visaTypes).every((type) => VISA_TYPE.test(type))) errors.visaTypes = 'stayRules.errors.visaTypes';
  if (draft.kind !== 'exempt' && !wholeDays(draft.maxDays, 1)) errors.maxDays = 'stayRules.errors.maxDays';
  if (draft.kind === 'rolling' && (!wholeDays(draft.windowDays, 1) || (!errors.maxDays && Number(draft.windowDays) < Number(draft.maxDays)))) errors.windowDays = 'stayRules.errors.windowDays';
  return errors;
}

const isDefault = (rule: StayRule) => (rule.match.nationalities?.length ?? 0) === 0 && (rule.match.visaTypes?.length ?? 0) === 0;

/** Two rules of the same precedence applying to the same people (the server's overlappingRules, said here in the console language). */
export function overlap(rules: StayRule[]): { a: string; b: string; on: string } | null {
  for (const [i, a] of rules.entries()) {
    for (const b of rules.slice(i + 1)) {
      const [na, nb, va, vb] = [a.match.nationalities ?? [], b.match.nationalities ?? [], a.match.visaTypes ?? [], b.match.visaTypes ?? []];
      if ((na.length > 0) !== (nb.length > 0) || (va.length > 0) !== (vb.length > 0)) continue;
      const nationality = na.length > 0 ? na.find((code) => nb.includes(code)) : null;
      const visaType = va.length > 0 ? va.find((type) => vb.includes(type)) : null;
      if (nationality === undefined || visaType === undefined) continue;
      return { a: a.id, b: b.id, on: [nationality, visaType].filter((part) => part !== null).join(' + ') };
    }
  }
  return null;
}

export function StayRulesPage({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const [data, setData] = useState<{ rules: StayRule[]; updatedBy: string | null; updatedAt: string | null } | null>(null);
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  // null: no form; -1: a new rule; otherwise the index of the rule being edited.
  const [editing, setEditing] = useState<number | null>(null);
  // A deletion takes a second click on the same row (it changes the overstay queue at once).
  const [deleting, setDeleting] = useState<string | null>(null);
  const reload = useCallback(() => {
    api<{ rules: StayRule[]; updatedBy: string | null; updatedAt: string | null }>('GET', '/stay-rules').then(setData, (e) => setError(errorText(e)));
  }, []);
  useEffect(reload, [reload]);

  const save = async (rules: StayRule[]): Promise<boolean> => {
    setError('');
    setMessage('');
    if (!rules.some(isDefault)) {
      setError(t('stayRules.errors.noDefault'));
      return false;
    }
    const overlapping = overlap(rules);
    if (overlapping) {
      setError(t('stayRules.errors.overlap', { a: overlapping.a, b: overlapping.b, on: overlapping.on || t('stayRules.everyone') }));
      return false;
    }
    try {
      // ifUpdatedAt: a save over rules someone else saved since this page loaded them is refused (409).
      await api('PUT', '/stay-rules', { rules, ifUpdatedAt: data?.updatedAt ?? null });
      setMessage(t('stayRules.saved'));
      reload();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'SERVER_STAY_RULES_CHANGED') {
        setError(t('stayRules.errors.changed'));
        reload();
      } else setError(t('stayRules.errors.server', { message: errorText(e) }));
      return false;
    }
  };

  const rules = data?.rules ?? [];
  const summary = (rule: StayRule) =>
    rule.kind === 'exempt' ? t('stayRules.summaryExempt') : rule.kind === 'fixed' ? t('stayRules.summaryFixed', { maxDays: rule.maxDays }) : t('stayRules.summaryRolling', { maxDays: rule.maxDays, windowDays: rule.windowDays });
  return (
    <section>
      <h2>{t('stayRules.title')}</h2>
      <p className="intro">{t('stayRules.intro')}</p>
      {!canEdit && <p className="notice">{t('stayRules.readOnly')}</p>}
      {data && <p className="meta">{data.updatedBy ? t('stayRules.savedBy', { user: data.updatedBy, at: when(data.updatedAt) }) : t('stayRules.builtIn')}</p>}
      {error && (
        <p className="error" role="alert" data-testid="stay-rules-error">
          {error}
        </p>
      )}
      {message && (
        <p className="notice" role="status" data-testid="stay-rules-message">
          {message}
        </p>
      )}
      <Table
        testId="stay-rules"
        head={[t('stayRules.id'), t('stayRules.kind'), t('stayRules.nationalities'), t('stayRules.visaTypes'), t('stayRules.maxDays'), ...(canEdit ? [''] : [])]}
        rows={rules.map((rule, index) => [
          <code>{rule.id}</code>,
          t(`stayRules.${rule.kind}`),
          isDefault(rule) ? <em>{t('stayRules.everyone')}</em> : (rule.match.nationalities ?? []).join(', ') || '—',
          (rule.match.visaTypes ?? []).join(', ') || '—',
          summary(rule),
          ...(canEdit
            ? [
                <span className="actions">
                  <button onClick={() => setEditing(index)} data-testid={`edit-rule-${rule.id}`}>
                    {t('stayRules.edit')}
                  </button>
                  {deleting === rule.id ? (
                    <button
                      className="danger"
                      onClick={() => {
                        setDeleting(null);
                        void save(rules.filter((_, i) => i !== index));
                      }}
                      data-testid={`confirm-delete-rule-${rule.id}`}
                    >
                      {t('stayRules.confirmRemove')}
                    </button>
                  ) : (
                    <button onClick={() => setDeleting(rule.id)} data-testid={`delete-rule-${rule.id}`}>
                      {t('stayRules.remove')}
                    </button>
                  )}
                </span>,
              ]
            : []),
        ])}
      />
      {canEdit && editing === null && (
        <button onClick={() => setEditing(-1)} data-testid="add-rule">
          {t('stayRules.add')}
        </button>
      )}
      {canEdit && editing !== null && (
        <RuleForm
          key={editing}
          rule={editing >= 0 ? rules[editing] ?? null : null}
          otherIds={rules.filter((_, i) => i !== editing).map((r) => r.id)}
          onCancel={() => setEditing(null)}
          onSave={async (rule) => {
            const next = editing >= 0 ? rules.map((r, i) => (i === editing ? rule : r)) : [...rules, rule];
            if (await save(next)) setEditing(null);
          }}
        />
      )}
    </section>
  );
}

function RuleForm({ rule, otherIds, onCancel, onSave }: { rule: StayRule | null; otherIds: string[]; onCancel: () => void; onSave: (rule: StayRule) => Promise<void> }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(toDraft(rule));
  const [touched, setTouched] = useState(false);
  const errors = draftErrors(draft, otherIds);
  const valid = Object.keys(errors).length === 0;
  const field = (name: Field, label: string, extra: { hint?: string; type?: string } = {}) => (
    <label className={errors[name] && touched ? 'invalid' : ''}>
      {label}
      <input
        value={draft[name]}
        inputMode={extra.type === 'number' ? 'numeric' : undefined}
        onChange={(e) => {
          setTouched(true);
          setDraft({ ...draft, [name]: e.target.value });
        }}
        aria-invalid={Boolean(errors[name] && touched)}
        placeholder={extra.hint}
        data-testid={`rule-${name}`}
      />
      {errors[name] && touched && (
        <span className="field-error" data-testid={`rule-${name}-error`}>
          {t(errors[name])}
        </span>
      )}
    </label>
  );
  return (
    <form
      className="rule-form"
      data-testid="rule-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (valid) void onSave(toRule(draft));
      }}
    >
      {field('id', t('stayRules.id'))}
      <label>
        {t('stayRules.kind')}
        <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Kind })} data-testid="rule-kind">
          {(['fixed', 'rolling', 'exempt'] as const).map((kind) => (
            <option key={kind} value={kind}>
              {t(`stayRules.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      {field('nationalities', t('stayRules.nationalities'), { hint: t('stayRules.codesHint') })}
      {field('visaTypes', t('stayRules.visaTypes'))}
      {draft.kind !== 'exempt' && field('maxDays', t('stayRules.maxDays'), { type: 'number' })}
      {draft.kind === 'rolling' && field('windowDays', t('stayRules.windowDays'), { type: 'number' })}
      <span className="actions">
        <button type="submit" disabled={touched && !valid} data-testid="save-rule">
          {t('stayRules.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('stayRules.cancel')}
        </button>
      </span>
    </form>
  );
}
