import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { exportRequestSchema } from '../../../shared/history'
import { toErrorInfo } from '../../../shared/result'
import type { HistoryExportPort } from '../../services/engine-ports'
import { exportContentType } from '../../services/history/history-export'
import { parseOrReject, reject } from './reply'
import { timeParam } from './time-param'

// The query string carries times as text; everything else is the contract's export request.
const exportQuery = z
  .looseObject({ from: timeParam.optional(), to: timeParam.optional() })
  .pipe(exportRequestSchema)

export function registerExportRoutes(app: FastifyInstance, engine: HistoryExportPort): void {
  /** `GET /api/export?kind=events|notifications&format=jsonl|csv&...`: a streamed download. */
  app.get('/api/export', async (request, reply) => {
    const query = parseOrReject(exportQuery, request.query, reply)
    if (!query) return reply
    let stream
    try {
      stream = await engine.exportHistoryStream(query)
    } catch (error) {
      return reject(reply, toErrorInfo(error))
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    return reply
      .type(exportContentType(query.format))
      .header(
        'Content-Disposition',
        `attachment; filename="vigil-${query.kind}-${stamp}.${query.format}"`,
      )
      .send(stream)
  })
}
