/**
 * Events per second over whole seconds: the rate shown is the count of the last complete second,
 * so it is exact, costs one comparison per event, and settles to 0 one second after a stream stops.
 */
export class RateMeter {
  private second = 0
  private current = 0
  private previous = 0

  record(now: number): void {
    const second = Math.floor(now / 1000)
    if (second !== this.second) this.roll(second)
    this.current++
  }

  rate(now: number): number {
    const second = Math.floor(now / 1000)
    if (second !== this.second) this.roll(second)
    return this.previous
  }

  private roll(second: number): void {
    this.previous = second === this.second + 1 ? this.current : 0
    this.current = 0
    this.second = second
  }
}
