import { sourceId } from './path-params'
import { unchecked, type AnyRestRoute } from './rest-route'

/** Recordings: each route one contract channel (see rest-route.ts). */
export const recordingRoutes: AnyRestRoute[] = [
  {
    method: 'GET',
    path: '/api/recordings',
    channel: 'recording:list',
    answer: (recordings) => ({ recordings }),
  },
  /** Starts recording the source's frames: 201 with the new recording. */
  {
    method: 'POST',
    path: '/api/sources/:id/recording',
    channel: 'recording:start',
    args: (request) => [sourceId(request)],
    status: 201,
  },
  /** Stops the source's recording: the recording as it ended. */
  {
    method: 'DELETE',
    path: '/api/sources/:id/recording',
    channel: 'recording:stop',
    args: (request) => [sourceId(request)],
  },
  /** `{"id", "speed"?}`: adds a source replaying the recording; 201 with the source. */
  {
    method: 'POST',
    path: '/api/recordings/replay',
    channel: 'recording:replay',
    args: (request) => [unchecked(request.body)],
    status: 201,
  },
]
