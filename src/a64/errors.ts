/** Bad operands, unknown mnemonic, value out of range. Message only; the caller adds the origin. */
export class AsmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AsmError';
  }
}
