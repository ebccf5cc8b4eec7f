import type { SourceConfigInput } from '../../../shared/source-config'

/** A generic JSON source named "Test" on `url`, with nothing else set. Test-only. */
export function genericTestSource(id: string, url: string) {
  return {
    id,
    name: 'Test',
    preset: 'generic',
    enabled: true,
    url,
    headers: {},
    onOpen: [],
  } satisfies SourceConfigInput
}
