import { describe, expect, it } from 'vitest'
import { completePlaceholder, openPlaceholder } from './template-completion'

describe('completing a template placeholder', () => {
  it('finds the open placeholder under the caret and the path typed so far', () => {
    expect(openPlaceholder('Door {{', 7)).toEqual({ start: 7, partial: '' })
    expect(openPlaceholder('Door {{ payload.st', 18)).toEqual({ start: 7, partial: 'payload.st' })
    expect(openPlaceholder('Door {{payload.state}} now', 26)).toBeNull()
    expect(openPlaceholder('Door {{payload.state is', 23)).toBeNull()
    expect(openPlaceholder('no braces', 9)).toBeNull()
    // The caret inside a closed placeholder still completes it.
    expect(openPlaceholder('{{payload.st}}', 12)).toEqual({ start: 2, partial: 'payload.st' })
  })

  it('writes the chosen path with its closing braces and puts the caret after them', () => {
    const text = 'Door {{payload.st'
    const open = openPlaceholder(text, text.length)!
    expect(completePlaceholder(text, text.length, open, 'payload.state')).toEqual({
      text: 'Door {{payload.state}}',
      caret: 22,
    })
  })

  it('reuses closing braces and replaces the rest of a path already there', () => {
    const text = 'A {{payload.st}} B'
    const open = openPlaceholder(text, 14)!
    expect(completePlaceholder(text, 14, open, 'payload.state')).toEqual({
      text: 'A {{payload.state}} B',
      caret: 19,
    })
    const middle = 'A {{payload.st|ale}} B'.replace('|', '')
    expect(
      completePlaceholder(middle, 14, openPlaceholder(middle, 14)!, 'payload.state').text,
    ).toBe('A {{payload.state}} B')
  })
})
