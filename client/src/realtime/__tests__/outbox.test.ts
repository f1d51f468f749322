import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { backoffDelay } from '../../lib/backoff'
import { useChatStore } from '../../stores/chat-store'
import { selectPendingIn } from '../../stores/selectors'
import { bob, makeConversation, makeGroup, makeMessage, me, memoryStorage } from '../../testing/factories'
import { ApiError } from '../../lib/api-client'
import type { Attachment, SendMessageAck, SendMessagePayload } from '../../types/api'
import { createOutbox } from '../outbox'
import { outboxKey, persistOutbox, readOutbox, writeOutbox } from '../outbox-storage'

const store = () => useChatStore.getState()
const pendingList = () => Object.values(store().pending)

/** A socket stand-in: `answer` decides each ack; `connected` can be flipped. */
function fakeTransport(answer: (p: SendMessagePayload) => Promise<SendMessageAck>) {
  const sent: { clientId: string; text: string; at: number }[] = []
  const fake = {
    connected: true,
    sent,
    /** Files uploaded, by name; `uploadAnswer` decides each upload. */
    uploaded: [] as string[],
    uploadAnswer: (file: File): Promise<Attachment> => Promise.resolve(attachmentOf(file)),
    transport: {
      isConnected: () => fake.connected,
      send: (p: SendMessagePayload) => {
        sent.push({ clientId: p.client_id, text: p.text, at: Date.now() })
        return answer(p)
      },
      upload: (_conversationId: string, file: File, onProgress: (loaded: number) => void) => {
        fake.uploaded.push(file.name)
        onProgress(file.size)
        return fake.uploadAnswer(file)
      },
    },
  }
  return fake
}

function attachmentOf(file: File): Attachment {
  const id = `att-${file.name}`
  return {
    id,
    name: file.name,
    size: file.size,
    content_type: 'application/octet-stream',
    width: null,
    height: null,
    url: `/api/attachments/${id}`,
    thumbnail_url: null,
  }
}

const stored = (p: SendMessagePayload, seq = 1): SendMessageAck => ({
  ok: true,
  message: makeMessage(seq, { sender_id: me.id, text: p.text, client_id: p.client_id }),
})
const noAnswer = () => Promise.reject(new Error('operation has timed out'))

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 })
  store().signedOut()
  store().signedIn(me)
})

afterEach(() => {
  vi.useRealTimers()
})

describe('backoffDelay', () => {
  it('doubles from 1 s up to a 30 s cap, jittered within its upper half', () => {
    const ceilings = [1000, 2000, 4000, 8000, 16000, 30000, 30000]
    expect(ceilings.map((_, i) => backoffDelay(i + 1, () => 1))).toEqual(ceilings)
    expect(ceilings.map((_, i) => backoffDelay(i + 1, () => 0))).toEqual(ceilings.map((c) => c / 2))
    for (let attempt = 1; attempt <= 7; attempt++) {
      const delay = backoffDelay(attempt)
      expect(delay).toBeGreaterThanOrEqual((ceilings[attempt - 1] ?? 0) / 2)
      expect(delay).toBeLessThanOrEqual(ceilings[attempt - 1] ?? 0)
    }
  })
})

describe('outbox storage', () => {
  let stop: () => void
  const storage = memoryStorage()

  beforeEach(() => {
    storage.data.clear()
    store().signedOut()
    stop = persistOutbox(storage)
    store().signedIn(me)
    store().conversationsLoaded([makeConversation()])
  })

  afterEach(() => stop())

  it('saves each queued message under the user id with its client_id, to, text and conversation', () => {
    store().messageQueued('cid-save-0001', { peer: bob }, 'hello there')
    const saved = JSON.parse(storage.getItem(outboxKey(me.id)) ?? '[]')
    expect(saved).toEqual([
      expect.objectContaining({
        client_id: 'cid-save-0001',
        to: bob.id,
        text: 'hello there',
        conversation_id: 'c1',
        state: 'pending',
      }),
    ])
  })

  it('restores the outbox after a reload, in the order typed and pending again', () => {
    store().messageQueued('cid-first-001', { peer: bob }, 'one')
    store().messageQueued('cid-second-02', { peer: bob }, 'two')
    store().messageAttempted('cid-first-001')
    store().messageFailed('cid-second-02', 'Some fields are invalid')
    store().signedOut() // what a reload does to memory
    expect(store().pending).toEqual({})

    store().signedIn(me)
    expect(pendingList().sort((a, b) => a.order - b.order)).toEqual([
      expect.objectContaining({ clientId: 'cid-first-001', text: 'one', state: 'pending', attempts: 0 }),
      expect.objectContaining({ clientId: 'cid-second-02', text: 'two', state: 'failed' }),
    ])
  })

  it('removes a message once it is acked, and keeps users apart', () => {
    store().messageQueued('cid-acked-001', { peer: bob }, 'gone soon')
    store().messageAcked('cid-acked-001', makeMessage(1, { sender_id: me.id, client_id: 'cid-acked-001' }))
    expect(storage.getItem(outboxKey(me.id))).toBeNull()

    store().messageQueued('cid-mine-0001', { peer: bob }, 'mine')
    store().signedOut()
    store().signedIn(bob)
    expect(store().pending).toEqual({})
    expect(readOutbox(storage, me.id).map((e) => e.clientId)).toEqual(['cid-mine-0001'])
  })

  it('ignores unreadable storage and keeps what another tab saved', () => {
    storage.setItem(outboxKey('u-x'), '{not json')
    expect(readOutbox(storage, 'u-x')).toEqual([])

    store().messageQueued('cid-tab-a-001', { peer: bob }, 'from tab A')
    const tabA = readOutbox(storage, me.id)
    writeOutbox(storage, me.id, [], new Set(['cid-other-tab'])) // tab B, with nothing of its own
    expect(readOutbox(storage, me.id)).toEqual(tabA)
  })
})

describe('outbox sending', () => {
  it('keeps a message typed offline pending, then sends it with its client_id on reconnect', async () => {
    const fake = fakeTransport(async (p) => stored(p))
    fake.connected = false
    const outbox = createOutbox(fake.transport)
    outbox.enqueue({ peer: bob }, '  offline hello  ')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fake.sent).toEqual([])
    expect(pendingList()).toEqual([expect.objectContaining({ text: 'offline hello', state: 'pending' })])
    const clientId = pendingList()[0]?.clientId

    fake.connected = true
    outbox.flush()
    await vi.advanceTimersByTimeAsync(0)
    expect(fake.sent.map((s) => s.clientId)).toEqual([clientId])
    expect(store().pending).toEqual({})
    expect(store().threads.c1?.messages.map((m) => m.text)).toEqual(['offline hello'])
  })

  it('retries unanswered sends after 1, 2, 4, 8 s, then marks the message failed', async () => {
    const fake = fakeTransport(noAnswer)
    const outbox = createOutbox(fake.transport, () => 1)
    outbox.enqueue({ peer: bob }, 'are you there?')
    await vi.advanceTimersByTimeAsync(16_000)

    const start = fake.sent[0]?.at ?? 0
    expect(fake.sent.map((s) => s.at - start)).toEqual([0, 1000, 3000, 7000, 15000])
    expect(new Set(fake.sent.map((s) => s.clientId)).size).toBe(1)
    expect(pendingList()).toEqual([expect.objectContaining({ state: 'failed', attempts: 5 })])
    expect(store().toasts.map((t) => t.text)).toEqual([expect.stringContaining('Message not sent')])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fake.sent).toHaveLength(5)
  })

  it('fails at once on an error a resend cannot fix, and resends on Retry', async () => {
    let reject = true
    const fake = fakeTransport(async (p) =>
      reject ? { ok: false, error: 'invalid_input', message: 'Some fields are invalid' } : stored(p),
    )
    const outbox = createOutbox(fake.transport)
    outbox.enqueue({ peer: bob }, 'x')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fake.sent).toHaveLength(1)
    expect(pendingList()).toEqual([
      expect.objectContaining({ state: 'failed', error: 'Some fields are invalid' }),
    ])

    reject = false
    outbox.retry(fake.sent[0]?.clientId ?? '')
    await vi.advanceTimersByTimeAsync(0)
    expect(fake.sent.map((s) => s.clientId)).toEqual([fake.sent[0]?.clientId, fake.sent[0]?.clientId])
    expect(store().pending).toEqual({})
  })

  it('fails at once when either side blocked the other, and shows the notice when we did', async () => {
    store().conversationsLoaded([makeConversation()])
    const fake = fakeTransport(async (p) =>
      p.text === 'to blocker'
        ? { ok: false, error: 'cannot_message', message: 'You cannot message this user.' }
        : { ok: false, error: 'unblock_first', message: 'Unblock this user to message them.' },
    )
    const outbox = createOutbox(fake.transport)
    outbox.enqueue({ peer: bob }, 'to blocker')
    outbox.enqueue({ peer: bob }, 'to blocked')
    await vi.advanceTimersByTimeAsync(0)

    expect(fake.sent).toHaveLength(2)
    expect(pendingList().map((p) => p.state)).toEqual(['failed', 'failed'])
    expect(store().toasts.map((t) => t.text)).toEqual([
      'Message not sent: You cannot message this user.',
      'Message not sent: Unblock this user to message them.',
    ])
    expect(store().conversations[0]).toMatchObject({ blocked: true })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fake.sent).toHaveLength(2) // never resent
  })

  it('keeps a message the server was too busy for pending, and sends it again after a backoff', async () => {
    let busy = 3
    const fake = fakeTransport(async (p) =>
      busy-- > 0 ? { ok: false, error: 'server_busy', message: 'The server is busy' } : stored(p),
    )
    const outbox = createOutbox(fake.transport, () => 1)
    outbox.enqueue({ peer: bob }, 'rush hour')
    await vi.advanceTimersByTimeAsync(6_000)
    expect(pendingList()).toEqual([expect.objectContaining({ state: 'pending', attempts: 0 })])
    await vi.advanceTimersByTimeAsync(2_000)

    const start = fake.sent[0]?.at ?? 0
    expect(fake.sent.map((s) => s.at - start)).toEqual([0, 1000, 3000, 7000])
    expect(new Set(fake.sent.map((s) => s.clientId)).size).toBe(1)
    expect(store().pending).toEqual({})
    expect(store().toasts).toEqual([])
  })

  it('does not count a send cut off by a disconnect as an attempt', async () => {
    const fake = fakeTransport(() => {
      fake.connected = false
      return Promise.reject(new Error('socket has been disconnected'))
    })
    const outbox = createOutbox(fake.transport)
    outbox.enqueue({ peer: bob }, 'cut off')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fake.sent).toHaveLength(1)
    expect(pendingList()).toEqual([expect.objectContaining({ state: 'pending', attempts: 0 })])
  })

  it('sends one message at a time in the order typed', async () => {
    const acks: (() => void)[] = []
    let seq = 0
    const fake = fakeTransport((p) => new Promise((resolve) => acks.push(() => resolve(stored(p, ++seq)))))
    fake.connected = false
    const outbox = createOutbox(fake.transport)
    for (const text of ['one', 'two', 'three']) outbox.enqueue({ peer: bob }, text)
    fake.connected = true
    outbox.flush()
    await vi.advanceTimersByTimeAsync(0)
    expect(fake.sent.map((s) => s.text)).toEqual(['one'])
    for (let i = 0; i < 3; i++) {
      acks[i]?.()
      await vi.advanceTimersByTimeAsync(0)
    }
    expect(fake.sent.map((s) => s.text)).toEqual(['one', 'two', 'three'])
    expect(store().threads.c1?.messages.map((m) => [m.seq, m.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ])
  })
})

describe('outbox in groups', () => {
  beforeEach(() => {
    store().conversationsLoaded([makeConversation(), makeGroup()])
  })

  it('sends a group message to its conversation_id and shows it pending there only', async () => {
    const fake = fakeTransport(async (p) => stored(p))
    fake.connected = false
    const payloads: SendMessagePayload[] = []
    const outbox = createOutbox({
      ...fake.transport,
      send: (p) => (payloads.push(p), fake.transport.send(p)),
    })
    outbox.enqueue({ conversationId: 'g1' }, 'hello all')
    outbox.enqueue({ peer: bob }, 'hello bob')

    const inGroup = selectPendingIn({ conversationId: 'g1', peerId: null })(store())
    const withBob = selectPendingIn({ conversationId: 'c1', peerId: bob.id })(store())
    expect(inGroup.map((p) => p.text)).toEqual(['hello all'])
    expect(withBob.map((p) => p.text)).toEqual(['hello bob'])

    fake.connected = true
    outbox.flush()
    await vi.advanceTimersByTimeAsync(0)
    expect(payloads).toEqual([
      { conversation_id: 'g1', text: 'hello all', client_id: inGroup[0]?.clientId },
      { to: bob.id, text: 'hello bob', client_id: withBob[0]?.clientId },
    ])
  })

  it('keeps a group message across a reload', () => {
    const storage = memoryStorage()
    const stop = persistOutbox(storage)
    try {
      store().messageQueued('cid-group-001', { conversationId: 'g1' }, 'saved')
      store().signedOut()
      store().signedIn(me)
      expect(Object.values(store().pending)).toEqual([
        expect.objectContaining({
          clientId: 'cid-group-001',
          conversationId: 'g1',
          peer: null,
          text: 'saved',
        }),
      ])
    } finally {
      stop()
    }
  })

  it('keeps a message pending while the server cannot reach its database, and resends after retry_after', async () => {
    let down = 2
    const fake = fakeTransport(async (p) =>
      down-- > 0
        ? { ok: false, error: 'unavailable', message: 'The service cannot reach its storage', retry_after: 5 }
        : {
            ok: true,
            message: makeMessage(1, {
              conversation_id: 'g1',
              sender_id: me.id,
              text: p.text,
              client_id: p.client_id,
            }),
          },
    )
    const outbox = createOutbox(fake.transport, () => 1)
    outbox.enqueue({ conversationId: 'g1' }, 'during the outage')
    await vi.advanceTimersByTimeAsync(9_000)
    // retry_after (5 s) outweighs the backoff (1 s, then 2 s): no attempt used, no toast.
    expect(fake.sent.map((s) => s.at - (fake.sent[0]?.at ?? 0))).toEqual([0, 5000])
    expect(pendingList()).toEqual([expect.objectContaining({ state: 'pending', attempts: 0 })])
    await vi.advanceTimersByTimeAsync(1_000)

    expect(fake.sent.map((s) => s.at - (fake.sent[0]?.at ?? 0))).toEqual([0, 5000, 10000])
    expect(new Set(fake.sent.map((s) => s.clientId)).size).toBe(1)
    expect(store().pending).toEqual({})
    expect(store().conversations.find((c) => c.id === 'g1')?.last_message?.text).toBe('during the outage')
    expect(store().toasts).toEqual([])
  })

  it('fails at once in a group one is no longer a member of', async () => {
    const fake = fakeTransport(async () => ({
      ok: false,
      error: 'not_a_member',
      message: 'You are not part of this conversation',
    }))
    const outbox = createOutbox(fake.transport)
    outbox.enqueue({ conversationId: 'g1' }, 'too late')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fake.sent).toHaveLength(1)
    expect(pendingList()).toEqual([expect.objectContaining({ state: 'failed' })])
  })
})

describe('replies in the outbox', () => {
  const quote = { id: 'm1', seq: 1, sender_id: bob.id, excerpt: 'hello 1' }

  it('sends reply_to with the answered id, keeps the quote across a reload, and retries without it once that is gone', async () => {
    const storage = memoryStorage()
    store().signedOut()
    const stop = persistOutbox(storage)
    store().signedIn(me)
    store().conversationsLoaded([makeGroup()])
    const payloads: SendMessagePayload[] = []
    const outbox = createOutbox({
      isConnected: () => true,
      upload: () => Promise.reject(new Error('no files here')),
      send: (p) => {
        payloads.push(p)
        return Promise.resolve(
          p.reply_to
            ? { ok: false, error: 'message_deleted', message: 'That message was deleted' }
            : stored(p, 5),
        )
      },
    })
    outbox.enqueue({ conversationId: 'g1' }, 'I agree', quote)
    expect(readOutbox(storage, me.id)).toEqual([expect.objectContaining({ replyTo: quote })])
    await vi.advanceTimersByTimeAsync(0)
    expect(payloads[0]).toMatchObject({ conversation_id: 'g1', text: 'I agree', reply_to: 'm1' })
    expect(pendingList()).toEqual([
      expect.objectContaining({ state: 'failed', errorCode: 'message_deleted' }),
    ])

    outbox.retry(payloads[0]?.client_id ?? '')
    await vi.advanceTimersByTimeAsync(0)
    expect(payloads[1]).not.toHaveProperty('reply_to')
    expect(store().pending).toEqual({})
    stop()
  })
})

describe('outbox with files', () => {
  beforeEach(() => {
    store().conversationsLoaded([makeConversation()])
  })

  const file = (name: string, body = 'x') => new File([body], name, { type: 'text/plain' })

  it('uploads the files first, then sends their ids to the conversation, text optional', async () => {
    const payloads: SendMessagePayload[] = []
    const fake = fakeTransport(async (p) => stored(p))
    const outbox = createOutbox({
      ...fake.transport,
      send: (p) => (payloads.push(p), fake.transport.send(p)),
    })
    const progress: number[] = []
    const stop = useChatStore.subscribe((s) => {
      const loaded = Object.values(s.pending)[0]?.files?.[0]?.loaded
      if (loaded !== undefined && loaded !== progress[progress.length - 1]) progress.push(loaded)
    })
    outbox.enqueue({ peer: bob }, '', undefined, [file('a.txt', 'abc'), file('b.txt')])
    await vi.advanceTimersByTimeAsync(0)
    stop()
    expect(progress).toEqual([0, 3]) // the progress bar's value: none, then all bytes
    expect(fake.uploaded).toEqual(['a.txt', 'b.txt'])
    expect(payloads).toEqual([
      expect.objectContaining({
        conversation_id: 'c1',
        text: '',
        attachment_ids: ['att-a.txt', 'att-b.txt'],
      }),
    ])
    expect(store().pending).toEqual({})
  })

  it('keeps a message whose upload failed pending and uploads again, then fails it for good on a refusal', async () => {
    const fake = fakeTransport(async (p) => stored(p))
    let failures = 1
    fake.uploadAnswer = (f) =>
      failures-- > 0
        ? Promise.reject(new ApiError(0, 'network_error', 'offline'))
        : Promise.resolve(attachmentOf(f))
    const outbox = createOutbox(fake.transport, () => 1)
    outbox.enqueue({ peer: bob }, 'photo', undefined, [file('p.png')])
    await vi.advanceTimersByTimeAsync(0)
    expect(pendingList()).toEqual([expect.objectContaining({ state: 'pending', attempts: 1 })])
    expect(fake.sent).toEqual([])
    await vi.advanceTimersByTimeAsync(1_000)
    expect(fake.uploaded).toEqual(['p.png', 'p.png'])
    expect(fake.sent.map((s) => s.text)).toEqual(['photo'])

    fake.uploadAnswer = () =>
      Promise.reject(new ApiError(413, 'file_too_large', 'Files may be at most 10 MB'))
    outbox.enqueue({ peer: bob }, '', undefined, [file('huge.bin')])
    await vi.advanceTimersByTimeAsync(0)
    expect(pendingList()).toEqual([
      expect.objectContaining({
        state: 'failed',
        errorCode: 'file_too_large',
        error: 'Files may be at most 10 MB',
      }),
    ])
  })

  it('retries a failed message without uploading again what was uploaded', async () => {
    const fake = fakeTransport(async (p) => stored(p))
    const outbox = createOutbox(fake.transport, () => 1)
    fake.uploadAnswer = (f) =>
      f.name === 'b.txt'
        ? Promise.reject(new ApiError(400, 'quota_exceeded', 'Your files may take at most 500 MB'))
        : Promise.resolve(attachmentOf(f))
    outbox.enqueue({ peer: bob }, 'two', undefined, [file('a.txt'), file('b.txt')])
    await vi.advanceTimersByTimeAsync(0)
    const failed = pendingList()[0]
    expect(failed?.state).toBe('failed')
    fake.uploadAnswer = (f) => Promise.resolve(attachmentOf(f))
    outbox.retry(failed?.clientId ?? '')
    await vi.advanceTimersByTimeAsync(0)
    expect(fake.uploaded).toEqual(['a.txt', 'b.txt', 'b.txt'])
    expect(store().pending).toEqual({})
  })

  it('uploads again when the server removed the unsent uploads', async () => {
    const answers: SendMessageAck[] = [{ ok: false, error: 'invalid_attachments', message: 'gone' }]
    const fake = fakeTransport(async (p) => answers.shift() ?? stored(p))
    const outbox = createOutbox(fake.transport, () => 1)
    outbox.enqueue({ peer: bob }, 'late', undefined, [file('a.txt')])
    await vi.advanceTimersByTimeAsync(1_000)
    expect(fake.uploaded).toEqual(['a.txt', 'a.txt'])
    expect(store().pending).toEqual({})
  })

  it('after a reload, goes on with the uploaded files and fails one that was not uploaded yet', async () => {
    const storage = memoryStorage()
    store().signedOut()
    const stop = persistOutbox(storage)
    store().signedIn(me)
    store().conversationsLoaded([makeConversation()])
    const uploaded = { key: 'k1', name: 'a.txt', size: 1, type: 'text/plain', loaded: 1 }
    const lost = { key: 'k2', name: 'b.txt', size: 1, type: 'text/plain', loaded: 0 }
    const a = attachmentOf(file('a.txt'))
    store().messageQueued('cid-files-001', { peer: bob }, 'kept', undefined, [{ ...uploaded, attachment: a }])
    store().messageQueued('cid-files-002', { peer: bob }, 'lost', undefined, [lost])
    const saved = storage.getItem(outboxKey(me.id))
    stop()

    store().signedOut()
    storage.setItem(outboxKey(me.id), saved ?? '[]')
    const again = persistOutbox(storage)
    store().signedIn(me)
    store().conversationsLoaded([makeConversation()])
    const payloads: SendMessagePayload[] = []
    const fake = fakeTransport(async (p) => stored(p))
    const outbox = createOutbox({
      ...fake.transport,
      send: (p) => (payloads.push(p), fake.transport.send(p)),
    })
    outbox.flush()
    await vi.advanceTimersByTimeAsync(0)
    expect(payloads).toEqual([expect.objectContaining({ text: 'kept', attachment_ids: [a.id] })])
    expect(fake.uploaded).toEqual([])
    expect(pendingList()).toEqual([
      expect.objectContaining({ clientId: 'cid-files-002', state: 'failed', errorCode: 'file_lost' }),
    ])
    again()
  })
})
