import { DateTime } from "luxon";
import type { Language, Session } from "../../config/programme-schema.js";
import type { Bot } from "../../core/bot.js";
import type { Deliverer, DeliveryHint, DeliveryOutcome } from "../../core/deliveries.js";
import type { Message } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import type { Collection } from "../../storage/collection.js";
import { reminderDeliveryId, taskKey } from "./ids.js";
import { nameList, reminderMessage } from "./message.js";
import { type ReminderMoment, recipientsOf, reminderMoments } from "./plan.js";
import { type SessionState, sessionStates } from "./records.js";
import type { ReminderSettings } from "./settings.js";
import { strings } from "./strings.js";

/**
 * Session days: reminders some days before each (exactly once, through the deliverer), the
 * preparation tasks people tick off, and who can't come. A person's own choices are kept in
 * `session-state:<person>`; the reflection settings (pause, unsubscribe) do not touch them.
 */
export class SessionReminders {
  private planned?: ReminderMoment[];
  readonly states: Collection<typeof sessionStates.schema>;

  constructor(
    readonly bot: Bot,
    private readonly deliverer: Deliverer,
    readonly settings: ReminderSettings,
  ) {
    this.states = bot.store.collection(sessionStates);
  }

  /** The reminder moments of every session day: worked out at the first pass or look, not at start. */
  get moments(): ReminderMoment[] {
    return (this.planned ??= reminderMoments(this.bot.programme, this.settings));
  }

  /** The next session day (today's included) and its place in the programme. */
  nextSession(now: Date = this.bot.clock.now()): { session: Session; index: number } | undefined {
    const today = DateTime.fromJSDate(now, { zone: this.bot.programme.timezone }).toISODate() as string;
    const index = this.bot.programme.sessions.findIndex((s) => s.date >= today);
    const session = this.bot.programme.sessions[index];
    return session ? { session, index } : undefined;
  }

  sessionOn(date: string): { session: Session; index: number } | undefined {
    const index = this.bot.programme.sessions.findIndex((s) => s.date === date);
    const session = this.bot.programme.sessions[index];
    return session ? { session, index } : undefined;
  }

  /** Whole days from today (in the programme's timezone) to a session day. */
  daysUntil(session: Session, now: Date = this.bot.clock.now()): number {
    const zone = this.bot.programme.timezone;
    const today = DateTime.fromJSDate(now, { zone }).startOf("day");
    return Math.max(0, Math.round(DateTime.fromISO(session.date, { zone }).diff(today, "days").days));
  }

  async stateOf(personId: string): Promise<SessionState | undefined> {
    return this.states.get(personId);
  }

  private change(personId: string, change: (s: SessionState) => SessionState): Promise<SessionState> {
    return this.states.update(personId, (current) =>
      change(current ?? { personId, optedOut: false, cantCome: [], done: [] }),
    );
  }

  setOptedOut(personId: string, optedOut: boolean): Promise<SessionState> {
    return this.change(personId, (s) => ({ ...s, optedOut }));
  }

  /** "Ik kan niet" (true) or "Ik kan toch" (false) for one session day. */
  setCantCome(personId: string, date: string, cantCome: boolean): Promise<SessionState> {
    const at = this.bot.clock.now().toISOString();
    return this.change(personId, (s) => ({
      ...s,
      cantCome: [...s.cantCome.filter((c) => c.date !== date), ...(cantCome ? [{ date, at }] : [])],
    }));
  }

  markDone(personId: string, date: string, task: number): Promise<SessionState> {
    const key = taskKey(date, task);
    return this.change(personId, (s) => ({ ...s, done: s.done.includes(key) ? s.done : [...s.done, key] }));
  }

  /**
   * Who of the person's team comes to a session day (a mentor: per team they mentor, how
   * many and who not), from the states read once for everyone in `states`.
   */
  teamLines(
    person: Person,
    session: Session,
    language: Language,
    states: ReadonlyMap<string, SessionState | undefined>,
  ): string[] {
    const t = strings(language);
    const { directory, programme } = this.bot;
    const absent = (id: string) => states.get(id)?.cantCome.some((c) => c.date === session.date) ?? false;
    const firstName = (id: string) => directory.get(id)?.firstName ?? id;
    if (person.role === "mentor")
      return programme.teams
        .filter((team) => team.mentor === person.id)
        .map((team) => {
          const away = team.members.filter(absent);
          return t.mentorTeam(
            team.name,
            team.members.length - away.length,
            team.members.length,
            nameList(away.map(firstName), language),
          );
        });
    const team = directory.teamOf(person.id);
    if (!team) return [];
    const others = team.members.filter((id) => id !== person.id && !absent(id)).map(firstName);
    return [others.length > 0 ? t.teamComing(nameList(others, language)) : t.teamNobody];
  }

  /** The states of everyone a person's team line needs (their team, or the teams they mentor), and their own. */
  async statesFor(person: Person): Promise<Map<string, SessionState | undefined>> {
    const { directory, programme } = this.bot;
    const ids = new Set([person.id]);
    for (const team of programme.teams)
      if (team.mentor === person.id || team.id === directory.teamOf(person.id)?.id)
        for (const m of team.members) ids.add(m);
    const list = [...ids];
    const states = await this.states.getMany(list);
    return new Map(list.map((id, i) => [id, states[i]]));
  }

  /** The reminder as this person sees it now (after a button, for `bijeenkomst`). */
  async viewFor(
    person: Person,
    found: { session: Session; index: number },
    occurrenceId: string,
    language: Language,
    daysUntil = this.daysUntil(found.session),
  ): Promise<Message> {
    return this.message(person, found, occurrenceId, daysUntil, await this.statesFor(person), language);
  }

  /** The reminder of one session day for one person, from the states of their team (and their own). */
  private message(
    person: Person,
    found: { session: Session; index: number },
    occurrenceId: string,
    daysUntil: number,
    states: ReadonlyMap<string, SessionState | undefined>,
    language: Language,
  ): Message {
    const { attendance } = this.settings;
    return reminderMessage(
      {
        person,
        ...found,
        daysUntil,
        occurrenceId,
        state: states.get(person.id),
        attendance,
        team: attendance ? { lines: this.teamLines(person, found.session, language, states) } : undefined,
      },
      this.bot.programme,
      language,
    );
  }

  /** Sends one reminder to one person, exactly once. */
  async send(
    moment: ReminderMoment,
    person: Person,
    kind: string,
    states: ReadonlyMap<string, SessionState | undefined>,
    hint?: DeliveryHint,
  ): Promise<DeliveryOutcome> {
    const found = this.sessionOn(moment.session.date);
    if (!found) return "unreachable";
    return this.deliverer.deliver(
      {
        id: reminderDeliveryId(moment.occurrenceId, person.id),
        kind,
        occurrenceId: moment.occurrenceId,
        person,
        build: (language) =>
          this.message(person, found, moment.occurrenceId, moment.daysBefore, states, language),
      },
      hint,
    );
  }

  /** Everyone who hears of the session days. */
  recipients(): Person[] {
    return recipientsOf(this.bot.directory);
  }

  /** Every delivery id this feature can have written for one person: bounded by the programme. */
  deliveryIdsOf(personId: string): string[] {
    return this.moments.map((m) => reminderDeliveryId(m.occurrenceId, personId));
  }
}
