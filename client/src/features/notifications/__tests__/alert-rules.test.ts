import { describe, expect, it } from 'vitest'
import {
  bob,
  makeConversation,
  makeGroup,
  makeMessage,
  makeSettings,
  me,
  memoryStorage,
} from '../../../testing/factories'
import { alertContent, claimAlert, EXCERPT_LENGTH, planAlert, type AlertFacts } from '../alert-rules'

/** Bob's message in the direct conversation, in a hidden tab, everything allowed. */
function facts(over: Partial<AlertFacts> = {}): AlertFacts {
  return {
    message: makeMessage(1),
    myId: me.id,
    conversation: makeConversation(),
    settings: makeSettings(),
    hidden: true,
    access: 'granted',
    ...over,
  }
}

const BOTH = { notify: true, sound: true }
const NONE = { notify: false, sound: false }

describe('planAlert', () => {
  it('notifies and chimes for someone else’s message in a hidden tab', () => {
    expect(planAlert(facts())).toEqual(BOTH)
  })

  it('stays quiet while the tab is visible', () => {
    expect(planAlert(facts({ hidden: false }))).toEqual(NONE)
  })

  it('stays quiet for our own message (sent from another tab or device)', () => {
    expect(planAlert(facts({ message: makeMessage(1, { sender_id: me.id }) }))).toEqual(NONE)
  })

  it('stays quiet for a group change and for a deleted message', () => {
    const group = makeGroup()
    const change = makeMessage(1, { conversation_id: 'g1', kind: 'system', event: 'title_changed' })
    expect(planAlert(facts({ message: change, conversation: group }))).toEqual(NONE)
    expect(planAlert(facts({ message: makeMessage(1, { deleted: true, text: null }) }))).toEqual(NONE)
  })

  it('stays quiet in a muted conversation, unless the message names us', () => {
    const muted = makeGroup({ muted: true })
    const plain = makeMessage(1, { conversation_id: 'g1' })
    const mention = makeMessage(2, { conversation_id: 'g1', mentions: [me.id] })
    const other = makeMessage(3, { conversation_id: 'g1', mentions: [bob.id] })
    expect(planAlert(facts({ conversation: muted, message: plain }))).toEqual(NONE)
    expect(planAlert(facts({ conversation: muted, message: other }))).toEqual(NONE)
    expect(planAlert(facts({ conversation: muted, message: mention }))).toEqual(BOTH)
  })

  it('follows the notification and sound switches separately', () => {
    expect(planAlert(facts({ settings: makeSettings({ notifications: false }) }))).toEqual({
      notify: false,
      sound: true,
    })
    expect(planAlert(facts({ settings: makeSettings({ sound: false }) }))).toEqual({
      notify: true,
      sound: false,
    })
    expect(planAlert(facts({ settings: makeSettings({ notifications: false, sound: false }) }))).toEqual(NONE)
  })

  it('shows no notification the browser has not allowed, but still chimes', () => {
    for (const access of ['default', 'denied', 'unsupported'] as const) {
      expect(planAlert(facts({ access }))).toEqual({ notify: false, sound: true })
    }
  })

  it('raises nothing before the settings are known or when signed out', () => {
    expect(planAlert(facts({ settings: null }))).toEqual(NONE)
    expect(planAlert(facts({ myId: null }))).toEqual(NONE)
  })

  it('alerts for a conversation not in the list yet (a first message to us)', () => {
    expect(planAlert(facts({ conversation: undefined }))).toEqual(BOTH)
  })
})

describe('alertContent', () => {
  it('titles a direct message with its sender, a group message with the group', () => {
    expect(alertContent(makeMessage(1, { text: 'Hi there' }), makeConversation())).toEqual({
      title: 'bob Test',
      body: 'Hi there',
      tag: 'conversation-c1',
    })
    const inGroup = makeMessage(2, { conversation_id: 'g1', text: 'Lunch?' })
    expect(alertContent(inGroup, makeGroup())).toEqual({
      title: 'Trip',
      body: 'bob Test: Lunch?',
      tag: 'conversation-g1',
    })
  })

  it('shortens a long text to one line', () => {
    const long = `${'word '.repeat(60)}\n\nend`
    const { body } = alertContent(makeMessage(1, { text: long }), makeConversation())
    expect(body.length).toBe(EXCERPT_LENGTH)
    expect(body.endsWith('…')).toBe(true)
    expect(body).not.toContain('\n')
  })

  it('still says something without the conversation or the text', () => {
    expect(alertContent(makeMessage(1, { text: null }), undefined)).toMatchObject({
      title: 'New message',
      body: 'Message unavailable',
    })
  })
})

describe('claimAlert', () => {
  it('lets one tab alert for a message, and each tab for the next one', () => {
    const shared = memoryStorage()
    expect(claimAlert(shared, 'm1')).toBe(true)
    expect(claimAlert(shared, 'm1')).toBe(false)
    expect(claimAlert(shared, 'm2')).toBe(true)
    expect(claimAlert(shared, 'm1')).toBe(false)
  })

  it('alerts when the storage holds garbage or fails', () => {
    const garbage = memoryStorage()
    garbage.setItem('chat:alerted', '{not json')
    expect(claimAlert(garbage, 'm1')).toBe(true)
    const broken = {
      getItem: () => {
        throw new Error('disabled')
      },
      setItem: () => {},
    }
    expect(claimAlert(broken, 'm1')).toBe(true)
  })
})
