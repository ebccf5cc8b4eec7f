import type { FastifyInstance } from 'fastify'
import { PRESET_DESCRIPTORS } from '../../../shared/presets'

/** The presets a source may name, with their `options` fields and known event types. */
export function registerPresetRoutes(app: FastifyInstance): void {
  app.get('/api/presets', () => ({ presets: PRESET_DESCRIPTORS }))
}
