/**
 * Copies text, answering whether it worked. The async clipboard needs a secure context and
 * (in some browsers) a permission; where it is missing or refused the caller shows the text to
 * copy by hand instead of failing silently.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) return false
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
