import type { PersonalData } from "../../core/personal-data.js";
import type { Pairing } from "./service.js";

/**
 * What pairing keeps about a person: as a coordinator, the pairings they approved (who, when)
 * and their drafts; as a participant, their leerbuddy's per round, their opt-out and their
 * answers to "hebben jullie elkaar gesproken?". Found by id and through the indexes: no scan.
 * Who mentors whom comes from the programme file and is not erased here; an approval by an
 * erased coordinator says `erased`.
 */
export function pairingPersonalData(service: Pairing): PersonalData {
  const find = async (personId: string) => {
    const state = await service.state.get("current");
    const approved = (state?.history ?? []).filter((h) => h.approvedBy === personId);
    const draftIds = (state?.drafts ?? []).filter((d) => d.authorId === personId).map((d) => d.id);
    const drafts = (await service.drafts.getMany(draftIds)).filter((d) => d !== undefined);
    const roundIds = (await service.peerIndex.get("all"))?.ids ?? [];
    const rounds = (await service.peerRounds.getMany(roundIds)).flatMap((r) => {
      const group = r?.groups.find((g) => g.includes(personId));
      return r && group ? [{ round: r.id, buddies: group.filter((id) => id !== personId) }] : [];
    });
    const peer = await service.peerPeople.get(personId);
    return { approved, drafts, rounds, peer };
  };
  return {
    describe: {
      nl: "Als coördinator: welke koppelingen van mentoren je goedkeurde (en wanneer) en je voorstellen. Als deelnemer: je leerbuddy's, of je leerbuddy uit hebt gezet, en je antwoord op 'hebben jullie elkaar gesproken?'.",
      en: "As a coordinator: which mentor pairings you approved (and when) and your proposals. As a participant: your learning buddies, whether you turned them off, and your answer to 'have you talked to each other?'.",
    },
    async export(personId) {
      const { approved, drafts, rounds, peer } = await find(personId);
      if (!approved.length && !drafts.length && !rounds.length && !peer) return undefined;
      return {
        ...(approved.length
          ? { approved: approved.map((a) => ({ version: a.version, approvedAt: a.approvedAt })) }
          : {}),
        ...(drafts.length ? { drafts } : {}),
        ...(rounds.length ? { peerRounds: rounds } : {}),
        ...(peer ? { peer } : {}),
      };
    },
    async erase(personId) {
      const { approved, drafts, rounds, peer } = await find(personId);
      let removed = 0;
      if (approved.length || drafts.length) {
        await service.state.update("current", (s) => ({
          history: (s?.history ?? []).map((h) =>
            h.approvedBy === personId ? { ...h, approvedBy: "erased" } : h,
          ),
          drafts: (s?.drafts ?? []).filter((d) => d.authorId !== personId),
        }));
        await service.drafts.deleteMany(drafts.map((d) => d.id));
        removed += approved.length + drafts.length;
      }
      for (const r of rounds) {
        await service.peerRounds.update(r.round, (round) => ({
          id: r.round,
          createdAt: round?.createdAt ?? service.bot.clock.now().toISOString(),
          groups: (round?.groups ?? []).map((g) => g.map((id) => (id === personId ? "erased" : id))),
        }));
        removed++;
      }
      if (peer && (await service.peerPeople.delete(personId))) removed++;
      return { removed };
    },
  };
}
