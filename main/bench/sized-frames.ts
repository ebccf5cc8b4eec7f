/**
 * Frames of an exact size for the soak (`npm run soak`): `{"seq":<n>,"fill":"xxx…"}`, each
 * `bytes` long as JSON, the sequence number making every frame distinct, encoded as unmasked
 * server-to-client websocket text frames laid end to end in fresh buffers (a buffer handed to
 * `socket.write` is never touched again).
 */

/** A server frame's header for a payload of `length` bytes (RFC 6455 5.2). */
function header(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length])
  if (length < 65_536) return Buffer.from([0x81, 126, length >> 8, length & 0xff])
  const head = Buffer.alloc(10)
  head[0] = 0x81
  head[1] = 127
  head.writeBigUInt64BE(BigInt(length), 2)
  return head
}

/** The JSON text of frame `seq`, exactly `bytes` long (at least as long as its envelope). */
export function sizedFrameText(seq: number, bytes: number): string {
  const envelope = `{"seq":${seq},"fill":""}`
  return `{"seq":${seq},"fill":"${'x'.repeat(Math.max(0, bytes - envelope.length))}"}`
}

/**
 * Frames from `firstSeq` on, as many as fit in `maxChunkBytes` (at least one), in one buffer.
 * Answers the buffer and how many frames it holds.
 */
export function sizedFrameChunk(
  firstSeq: number,
  bytes: number,
  maxChunkBytes: number,
): [Buffer, number] {
  const parts: Buffer[] = []
  let total = 0
  let seq = firstSeq
  do {
    const body = Buffer.from(sizedFrameText(seq++, bytes))
    const head = header(body.length)
    parts.push(head, body)
    total += head.length + body.length
  } while (total + bytes + 10 <= maxChunkBytes)
  return [Buffer.concat(parts, total), seq - firstSeq]
}
