import { fieldId } from '../lib/form-issues'

/** What a test's wrapper (a mounted component or a part of it) offers for finding elements. */
interface Findable {
  find(selector: string): {
    exists(): boolean
    findAll(selector: string): { text(): string }[]
  }
}

/** The messages a FormField shows under the control that edits `path`. */
export function fieldErrors(wrapper: Findable, path: string): string[] {
  const list = wrapper.find(`#${fieldId(path)}-errors`)
  return list.exists() ? list.findAll('li').map((li) => li.text()) : []
}
