import { z } from 'zod'

/** A time query parameter: epoch milliseconds (`1767323045678`) or ISO 8601 (`2026-01-02T03:04:05Z`). */
export const timeParam = z.string().transform((text, ctx) => {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text)
  if (!Number.isSafeInteger(ms) || ms < 0) {
    ctx.addIssue({ code: 'custom', message: 'use epoch milliseconds or an ISO 8601 date and time' })
    return z.NEVER
  }
  return ms
})
