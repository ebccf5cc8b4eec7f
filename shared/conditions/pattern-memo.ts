/**
 * A pattern's answers remembered by value. RE2JS costs 300-1,200 ns a test (an unanchored search
 * walks the text character by character), a map lookup tens; and the values patterns test repeat:
 * a character, a world, a weapon send many events. So short values are looked up first and RE2
 * runs once per distinct value, as long as that pays:
 *
 * - only values of at most MEMO_VALUE_CHARS characters are remembered (longer ones rarely repeat),
 *   at most MEMO_PER_PATTERN per pattern (forgotten all at once beyond it) and MEMO_TOTAL over
 *   all patterns (a budget shared by every memo; a memo collected with its trigger gives its
 *   entries back), so the memory is bounded in bytes: about 200 bytes an entry at most, 6.5 MB
 *   over all;
 * - a memo that finds fewer than one value in eight over JUDGE_EVERY lookups (a field whose values
 *   never repeat: ids, times) forgets what it holds and rests for REST tests, running RE2 alone,
 *   then tries again; so a stream that gains nothing pays the lookups on a sixteenth of its tests.
 *
 * The answer is the same either way: a pattern's test is a pure function of the text.
 */

export const MEMO_VALUE_CHARS = 64
export const MEMO_PER_PATTERN = 4096
export const MEMO_TOTAL = 32_768
export const JUDGE_EVERY = 4096
const MIN_HITS = JUDGE_EVERY / 8
export const REST = 16 * JUDGE_EVERY

/** Entries all memos sharing it may hold together. */
export class MemoBudget {
  held = 0
  constructor(readonly limit: number) {}
}

const SHARED = new MemoBudget(MEMO_TOTAL)

/** What a memo holds of its budget: kept apart so a collected memo can give it back. */
interface Account {
  budget: MemoBudget
  entries: number
}

const collected = new FinalizationRegistry<Account>((account) => {
  account.budget.held -= account.entries
  account.entries = 0
})

export class PatternMemo {
  private readonly answers = new Map<string, boolean>()
  private readonly account: Account
  private lookups = 0
  private hits = 0
  private resting = 0

  constructor(
    private readonly compute: (text: string) => boolean,
    budget: MemoBudget = SHARED,
    private readonly capacity = MEMO_PER_PATTERN,
  ) {
    this.account = { budget, entries: 0 }
    collected.register(this, this.account)
  }

  /** Values remembered now. */
  get size(): number {
    return this.answers.size
  }

  test(text: string): boolean {
    if (text.length > MEMO_VALUE_CHARS) return this.compute(text)
    if (this.resting > 0) {
      this.resting--
      return this.compute(text)
    }
    const known = this.answers.get(text)
    if (known !== undefined) this.hits++
    if (++this.lookups === JUDGE_EVERY) this.judge()
    if (known !== undefined) return known
    const answer = this.compute(text)
    if (this.resting === 0) this.remember(text, answer)
    return answer
  }

  private remember(text: string, answer: boolean): void {
    const account = this.account
    if (this.answers.size >= this.capacity) this.forget()
    if (account.budget.held >= account.budget.limit) return
    this.answers.set(text, answer)
    account.entries++
    account.budget.held++
  }

  private judge(): void {
    if (this.hits < MIN_HITS) {
      this.forget()
      this.resting = REST
    }
    this.lookups = 0
    this.hits = 0
  }

  private forget(): void {
    this.answers.clear()
    this.account.budget.held -= this.account.entries
    this.account.entries = 0
  }
}
