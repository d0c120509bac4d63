import { categoryLabels, personaLabels, type Category, type Persona } from "@dq/shared";

export const categoryLabel = (c: Category) => categoryLabels[c] ?? c;
export const personaLabel = (p: Persona) => personaLabels[p] ?? p;
export const difficultyLabel = (d: string) => d.charAt(0).toUpperCase() + d.slice(1);
