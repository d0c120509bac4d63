// Fictional stand-ins for people, organisations and places, chosen by seed so a re-run of the same
// deal picks the same ones.
import { rng } from "../random.ts";

export const FIRST = ["Avery", "Blake", "Cameron", "Devon", "Emery", "Finley", "Harley", "Jules", "Kendall", "Logan", "Marlow", "Noel", "Oakley", "Peyton", "Remy", "Sage", "Tatum", "Wren", "Arden", "Briar", "Corin", "Ellis", "Frankie", "Lennox", "Rowe", "Shiloh", "Teagan", "Zion"];
export const LAST = ["Ashdown", "Brightwell", "Calder", "Dunmore", "Everly", "Fairbank", "Greystone", "Hollins", "Ironside", "Kestrel", "Larkin", "Merriweather", "Northcott", "Ormsby", "Pemberton", "Quillfeather", "Radley", "Stanway", "Thorne", "Underhill", "Vane", "Whitlock", "Yardley", "Zeller", "Abernathy", "Blythe", "Crowhurst", "Dovecote"];
export const ORG = ["Northbeam", "Bluestem", "Cedarline", "Driftwood", "Everfield", "Foxglove", "Hollowbrook", "Ironleaf", "Kingsbridge", "Lanternfish", "Maplecrest", "Nettlefield", "Oakhaven", "Pinewhistle", "Quarrystone", "Riverbend", "Saltmarsh", "Tidewater", "Umberfield", "Vantage Hill", "Willowmere", "Yarrowby", "Brackenridge", "Copperfinch"];
export const ORG_SUFFIX = ["Group", "Partners", "Systems", "Co", "Works", "Industries"];
export const PLACES = ["Riverton", "Lakemont", "Fairhaven", "Westbrook", "Millbrook", "Eastwick", "Stonebridge", "Harrowgate", "Elmstead", "Kingsport"];
export const STREETS = ["Orchard Lane", "Mill Road", "Station Street", "Harbour View", "Elm Avenue", "Church Lane", "Park Road", "Bridge Street", "Meadow Way", "Quarry Road"];

export function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const { next } = rng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A fictional buyer and company for composed scenarios (casebook, knowledge), chosen by seed. */
export function fictionalBuyer(seed: string, orgSuffix?: string): { person: string; organisation: string } {
  const h = hashSeed(seed);
  const first = shuffled(FIRST, h)[0]!;
  const last = shuffled(LAST, h + 1)[0]!;
  const org = shuffled(ORG, h + 2)[0]!;
  return { person: `${first} ${last}`, organisation: `${org} ${orgSuffix ?? shuffled(ORG_SUFFIX, h + 4)[0]!}` };
}
