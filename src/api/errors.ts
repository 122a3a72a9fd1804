/** A call of the library API that cannot be answered as asked (a bad claim, a bad option). */
export class LscertUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LscertUsageError';
  }
}
