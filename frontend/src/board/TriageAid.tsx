import { useState } from 'preact/hooks';
import { SelectField } from '../components/fields';
import { ErrorAlert, Loading } from '../components/ui';
import { graphql, type ResultOf } from '../graphql/graphql';
import { useQuery } from '../graphql/hooks';
import { useT, type Lang } from '../i18n';
import { formatDateTime } from '../lib/format';
import { useSubmit } from '../lib/forms';
import { ConflictAlert } from './ConflictAlert';
import { PRIORITIES, PanelFields, type PanelItem, type Priority } from './queries';

const TriageAidQuery = graphql(`
  query TriageAid {
    triageAid {
      questions {
        id
        text { en nl }
        answers { text { en nl } nextQuestion outcome }
      }
      proposals { outcome priority nextStep escalate advice { en nl } }
    }
  }
`);

const AcknowledgeWithTriageMutation = graphql(
  `
  mutation AcknowledgeWithTriage($id: ID!, $answers: [Int!]!, $priority: Priority, $expectedVersion: Int) {
    acknowledgeWithTriage(id: $id, answers: $answers, priority: $priority, expectedVersion: $expectedVersion) {
      ...PanelFields
    }
  }
`,
  [PanelFields],
);

type Aid = ResultOf<typeof TriageAidQuery>['triageAid'];
type Words = { en: string; nl: string };
const say = (lang: Lang, words: Words) => (lang === 'nl' ? words.nl : words.en);

/** Where the answers so far lead: the questions asked, and the outcome once reached. */
type Question = Aid['questions'][number];

function walk(aid: Aid, answers: number[]) {
  const byId = new Map(aid.questions.map((q) => [q.id, q]));
  const asked: Question[] = aid.questions.slice(0, 1);
  for (const choice of answers) {
    const answer = asked[asked.length - 1]?.answers[choice];
    if (!answer) break;
    if (answer.outcome) return { asked, outcome: answer.outcome };
    const next = byId.get(answer.nextQuestion ?? '');
    if (!next) break;
    asked.push(next);
  }
  return { asked, outcome: null };
}

/**
 * The triage aid, offered when acknowledging a new item: a few questions (the air
 * force's decision tree, worded by the admins) that end in what the item is and a
 * proposal — priority, next step, and for a safety, legal or integrity matter the legal
 * clocks. The manager may settle on another priority before acknowledging.
 */
export function TriageAid({
  item,
  onDone,
  onReload,
}: {
  item: PanelItem;
  onDone: (item: PanelItem) => void;
  onReload: () => void;
}) {
  const { t, lang } = useT();
  const { data, error, reload } = useQuery(TriageAidQuery, {});
  const [answers, setAnswers] = useState<number[]>([]);
  const [priority, setPriority] = useState<Priority | null>(null);
  const aid = data?.triageAid;
  const reached = aid ? walk(aid, answers) : null;
  const proposal = reached?.outcome
    ? aid!.proposals.find((p) => p.outcome === reached.outcome) ?? null
    : null;
  const submit = useSubmit({
    send: (mutate) =>
      mutate(AcknowledgeWithTriageMutation, {
        id: item.id,
        answers,
        priority: priority ?? proposal?.priority ?? null,
        expectedVersion: item.version,
      }),
    sent: ({ acknowledgeWithTriage }) => onDone(acknowledgeWithTriage),
  });

  if (error) return <ErrorAlert error={error} onRetry={() => void reload()} />;
  if (!aid || !reached) return <Loading />;

  function answer(step: number, choice: number) {
    setAnswers([...answers.slice(0, step), choice]);
    setPriority(null);
  }

  return (
    <form class="form triage-aid" onSubmit={submit.onSubmit} noValidate>
      {submit.error && <ConflictAlert error={submit.error} onReload={onReload} />}
      {reached.asked.map((question, step) => (
        <fieldset key={question.id} class="choices">
          <legend>{say(lang, question.text)}</legend>
          {question.answers.map((option, choice) => (
            <label key={choice} class="choice">
              <input
                type="radio"
                name={`triage-${item.id}-${question.id}`}
                checked={answers[step] === choice}
                onChange={() => answer(step, choice)}
              />
              {say(lang, option.text)}
            </label>
          ))}
        </fieldset>
      ))}
      {proposal && (
        <div class="triage-proposal" role="status">
          <p>
            <strong>{t(`triage.outcome.${proposal.outcome}`)}</strong> — {say(lang, proposal.advice)}
          </p>
          <p class="muted">{t(`triage.nextStep.${proposal.nextStep}`)}</p>
          <SelectField
            id={`triage-priority-${item.id}`}
            label={t('panel.priority')}
            value={priority ?? proposal.priority}
            onValue={(value) => setPriority(value as Priority)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
                {p === proposal.priority ? ` (${t('triage.proposed')})` : ''}
              </option>
            ))}
          </SelectField>
          <div class="button-row">
            <button type="submit" class="button button-primary" disabled={submit.busy}>
              {submit.busy ? t('common.saving') : t('triage.acknowledge')}
            </button>
          </div>
        </div>
      )}
    </form>
  );
}

/** A reportable concern's legal clocks, beside the business-hours targets. */
export function ConcernClocks({ concern }: { concern: NonNullable<PanelItem['concern']> }) {
  const { t, lang } = useT();
  const when = (iso: string) => formatDateTime(lang, iso);
  return (
    <>
      <dt>{t('triage.concern')}</dt>
      <dd>
        {concern.acknowledgedAt
          ? t('triage.acknowledgedOn', { date: when(concern.acknowledgedAt) })
          : t('triage.acknowledgeBy', { date: when(concern.acknowledgeBy) })}
        {concern.feedbackBy && (
          <>
            {' · '}
            {concern.feedbackAt
              ? t('triage.feedbackOn', { date: when(concern.feedbackAt) })
              : t('triage.feedbackBy', { date: when(concern.feedbackBy) })}
          </>
        )}
      </dd>
    </>
  );
}
