/** A message a consumer could not handle, set aside with why, so the rest can go on. */
export interface DeadLetter {
  /** `<consumer>:<stream sequence>`: parking the same delivery twice keeps one copy. */
  _id: string;
  consumer: string;
  stream: string;
  subject: string;
  streamSequence: number;
  /** The original body, exactly (base64), and as text when it is UTF-8. */
  data: string;
  text?: string;
  traceparent?: string;
  error: string;
  deliveries: number;
  parkedAt: Date;
}
