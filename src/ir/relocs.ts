// ELF AArch64 relocation types hypsim produces and resolves, by name (without the R_AARCH64_
// prefix) with their ELF numbers: the one table the assembler, the listing and readers share.
export const RELOC_NUMBERS = {
  NONE: 0,
  ABS64: 257, ABS32: 258, ABS16: 259, PREL64: 260, PREL32: 261, PREL16: 262,
  MOVW_UABS_G0: 263, MOVW_UABS_G0_NC: 264, MOVW_UABS_G1: 265, MOVW_UABS_G1_NC: 266, MOVW_UABS_G2: 267,
  MOVW_UABS_G2_NC: 268, MOVW_UABS_G3: 269, MOVW_SABS_G0: 270, MOVW_SABS_G1: 271, MOVW_SABS_G2: 272,
  LD_PREL_LO19: 273, ADR_PREL_LO21: 274, ADR_PREL_PG_HI21: 275, ADR_PREL_PG_HI21_NC: 276, ADD_ABS_LO12_NC: 277,
  LDST8_ABS_LO12_NC: 278, TSTBR14: 279, CONDBR19: 280, JUMP26: 282, CALL26: 283, LDST16_ABS_LO12_NC: 284,
  LDST32_ABS_LO12_NC: 285, LDST64_ABS_LO12_NC: 286, LDST128_ABS_LO12_NC: 299, ADR_GOT_PAGE: 311, LD64_GOT_LO12_NC: 312,
} as const;

export type RelocType = keyof typeof RELOC_NUMBERS;

const BY_NUMBER = new Map<number, RelocType>(Object.entries(RELOC_NUMBERS).map(([name, n]) => [n, name as RelocType]));

export function relocTypeOfNumber(n: number): RelocType | undefined {
  return BY_NUMBER.get(n);
}
