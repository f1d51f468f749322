// Socket.IO load generator for the chat benchmarks. Driven by bench/run_*.py, not run by hand:
//
//   node bench/loadgen/loadgen.mjs CONFIG.json
//
// CONFIG: {"url": "http://127.0.0.1:PORT", "users": [{"id": "..", "cookie": "access_token_cookie=.."}],
//          "auth": "cookie" | "query"}   ("query": /socket.io/?user=<id>, for bench/relay_app.py)
//         optional "urls": ["http://127.0.0.1:P1", "http://127.0.0.1:P2"]: several server processes;
//          user i connects to urls[i % urls.length] (its "group"), so the sockets split evenly
// Then one JSON command per line on stdin; one JSON result per line on stdout (logs on stderr):
//   {"cmd":"connect","count":N,"timeout_s":30}   connect the first N users at once, time each
//   {"cmd":"step","rate":R,"duration_s":D,...}    open-loop messaging at R msgs/s for D s
//        (direct or to groups, optionally with the web client's receipts: see step())
//   {"cmd":"typing_start","groups":[{"id":..,"members":[i..]}],"interval_ms":3000}
//   {"cmd":"typing_stop"}                         background typing load, its figures
//   {"cmd":"react_start","rate":R}  {"cmd":"react_stop"}   background reactions at R/s, open loop
//   {"cmd":"sync","user":i,"cursors":{..},"limit":500,"max_calls":200}   paged sync of user i
//        (optional "changes":{..}: change cursors, so changed messages come too)
//   {"cmd":"disconnect"}  {"cmd":"quit"}
// Only loopback URLs are accepted; every wait is bounded.

import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { performance, monitorEventLoopDelay } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import { io } from "socket.io-client";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const urls = config.urls?.length ? config.urls : [config.url];
for (const target of urls) {
  if (!["127.0.0.1", "localhost", "[::1]", "::1"].includes(new URL(target).hostname)) {
    console.error(`loadgen: refusing non-loopback target ${target}`);
    process.exit(2);
  }
}
const users = config.users;
const runTag = randomBytes(4).toString("hex");
const now = () => performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error("loadgen:", ...a);
const PARTNERS = 5; // pairs=partners: how many people each user writes to

/** @type {{socket: any, user: any, index: number, group: number}[]} */
let conns = [];
const counters = {
  online_users: 0,
  presence: 0,
  new_message_stray: 0,
  disconnects: 0,
  delivered: 0,
  read: 0,
  typing: 0,
};
let onNewMessage = null; // set by a running step

/** Deterministic pseudo-random numbers in [0, 1): the same seed, the same sequence. */
function xorshift(seed) {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Pseudo-words of 2-9 letters, the same on every run (a vocabulary for `sentences`). */
const VOCABULARY = (() => {
  const rnd = xorshift(7);
  const letters = "etaoinshrdlcumwfgypbvkjxqz";
  return Array.from({ length: 3000 }, () => {
    const n = 2 + Math.floor(rnd() * 8);
    let w = "";
    for (let k = 0; k < n; k++) w += letters[Math.floor(rnd() ** 1.5 * letters.length)];
    return w;
  });
})();

/** Message texts of about `length` characters made of varied words, common ones more often
 * (like chat): the server's search index then writes postings all over its tree, as with real
 * texts, instead of appending to the same few tokens every message. */
function sentences(length, seed) {
  const rnd = xorshift(seed + 11);
  const cache = new Map();
  return (i) => {
    const key = i % 4096;
    let text = cache.get(key);
    if (text === undefined) {
      const words = [];
      let n = 0;
      while (n < length) {
        const w = VOCABULARY[Math.floor(rnd() ** 2 * VOCABULARY.length)];
        words.push(w);
        n += w.length + 1;
      }
      text = words.join(" ").slice(0, length);
      cache.set(key, text);
    }
    return text;
  };
}

function percentiles(values) {
  if (values.length === 0) return { n: 0, p50: null, p95: null, p99: null, max: null, mean: null };
  const a = Float64Array.from(values).sort();
  const at = (q) => a[Math.min(a.length - 1, Math.max(0, Math.round(q * (a.length - 1))))];
  let sum = 0;
  for (const v of a) sum += v;
  const r3 = (v) => Math.round(v * 1000) / 1000;
  return {
    n: a.length,
    p50: r3(at(0.5)),
    p95: r3(at(0.95)),
    p99: r3(at(0.99)),
    p999: r3(at(0.999)),
    max: r3(a[a.length - 1]),
    mean: r3(sum / a.length),
  };
}

function openSocket(user, group) {
  const options = {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    timeout: 20000,
  };
  if (config.auth === "query") options.query = { user: user.id };
  else options.extraHeaders = { Cookie: user.cookie };
  return io(urls[group], options);
}

async function connect({ count = users.length, timeout_s = 30, concurrency = 0 }) {
  // concurrency 0: every socket at once (a server restart: everyone reconnects); N > 0: at most
  // N handshakes in flight, the next starting as one finishes.
  if (conns.length) throw new Error("already connected; disconnect first");
  count = Math.min(count, users.length);
  counters.online_users = 0;
  counters.presence = 0;
  const times = new Array(count).fill(null);
  const errors = {};
  let done = 0;
  let started = 0;
  const t0 = now();
  let lastConnect = t0;
  const cpu0 = process.cpuUsage();
  const limit = concurrency > 0 ? concurrency : count;
  const finished = new Promise((resolve) => {
    const startOne = () => {
      const i = started++;
      const start = now();
      const group = i % urls.length;
      const socket = openSocket(users[i], group);
      const conn = { socket, user: users[i], index: i, group };
      conns.push(conn);
      socket.on("online_users", () => counters.online_users++);
      socket.on("presence", () => counters.presence++);
      socket.on("new_message", (payload) => {
        conn.lastMessageId = payload?.message?.id; // what a react load reacts to
        onNewMessage?.(conn, payload);
      });
      socket.on("disconnect", () => counters.disconnects++);
      socket.on("delivered", () => counters.delivered++);
      socket.on("read", () => counters.read++);
      socket.on("typing", () => counters.typing++);
      const settle = () => {
        if (++done === count) resolve();
        else if (started < count) startOne();
      };
      socket.once("connect", () => {
        const t = now();
        times[i] = t - start;
        lastConnect = Math.max(lastConnect, t);
        settle();
      });
      socket.once("connect_error", (err) => {
        const key = String(err?.message || err);
        errors[key] = (errors[key] || 0) + 1;
        settle();
      });
    };
    if (count === 0) resolve();
    for (let k = 0; k < Math.min(limit, count); k++) startOne();
  });
  let timedOut = false;
  await Promise.race([finished, sleep(timeout_s * 1000).then(() => (timedOut = true))]);
  const cpu = process.cpuUsage(cpu0);
  const ok = times.filter((t) => t !== null);
  const perUrl = urls.map((_, g) => times.filter((t, i) => t !== null && i % urls.length === g).length);
  // Let the online_users / presence storm settle a little before reporting the counts.
  await sleep(200);
  return {
    requested: count,
    concurrency: concurrency > 0 ? concurrency : "all",
    connected: ok.length,
    connected_per_url: perUrl,
    failed: count - ok.length,
    timed_out: timedOut,
    errors,
    total_ms: Math.round((lastConnect - t0) * 1000) / 1000,
    per_connect_ms: percentiles(ok),
    online_users_events: counters.online_users,
    presence_events: counters.presence,
    generator_cpu_ms: (cpu.user + cpu.system) / 1000,
  };
}

async function disconnect({ wait_ms = 2000 } = {}) {
  const n = conns.length;
  for (const c of conns) c.socket.disconnect();
  conns = [];
  await sleep(Math.min(wait_ms, 10000));
  return { closed: n };
}

// ---------------------------------------------------------------- receipts, as the web client
// A virtual user keeps, per conversation, the highest seq it received, and tells the server the
// way the web client does (docs/api.md): `read` for the conversation it has open (the one it last
// wrote in; before its first message, the first one a message arrived in), `delivered` for the
// others. receipts "on": at most one receipt per conversation per `interval_ms` or so (the first at
// once, in a group after a random part of the interval; then the highest seq when the interval
// ends; each wait varied at random by ±jitter/2), as
// docs/api.md asks of clients and client/src/realtime/receipts.ts does; "eager": one `delivered`
// for every message and also a `read` for every message of the open conversation, at once (what
// the web client sent before it coalesced its receipts).
function receiptState(mode, intervalMs, jitter, groupIds, ackTimeoutMs) {
  const stats = {
    delivered_sent: 0,
    read_sent: 0,
    ok: 0,
    errors: {},
    ack_ms: [],
  };
  const perConn = new Map(); // conn -> {open, highest: Map, sent: Map, last: Map, timers: Map}
  const timers = new Set();
  const stateOf = (conn) => {
    let st = perConn.get(conn);
    if (!st) {
      st = { open: null, wrote: false, highest: new Map(), sent: new Map(), last: new Map(), timer: new Map() };
      perConn.set(conn, st);
    }
    return st;
  };
  const emit = (conn, event, cid, seq) => {
    if (event === "read") stats.read_sent++;
    else stats.delivered_sent++;
    const t = now();
    conn.socket.timeout(ackTimeoutMs).emit(event, { conversation_id: cid, seq }, (err, ack) => {
      stats.ack_ms.push(now() - t);
      if (!err && ack?.ok) stats.ok++;
      else {
        const code = err ? "timeout" : ack?.error || "bad_ack";
        stats.errors[code] = (stats.errors[code] || 0) + 1;
      }
    });
  };
  const flush = (conn, st, cid) => {
    st.timer.delete(cid);
    const seq = st.highest.get(cid) ?? 0;
    if (seq <= (st.sent.get(cid) ?? 0)) return;
    st.sent.set(cid, seq);
    st.last.set(cid, now());
    emit(conn, st.open === cid ? "read" : "delivered", cid, seq);
  };
  return {
    stats,
    wrote(conn, cid) {
      if (mode === "off" || !cid) return;
      const st = stateOf(conn);
      st.open = cid;
      st.wrote = true;
    },
    received(conn, message) {
      if (mode === "off") return;
      const cid = message.conversation_id;
      const seq = message.seq;
      const st = stateOf(conn);
      if (st.open === null) st.open = cid;
      if (seq > (st.highest.get(cid) ?? 0)) st.highest.set(cid, seq);
      if (mode === "eager") {
        if (seq > (st.sent.get(cid) ?? 0)) {
          st.sent.set(cid, seq);
          emit(conn, "delivered", cid, seq);
          if (st.open === cid) emit(conn, "read", cid, seq);
        }
        return;
      }
      if (st.timer.has(cid)) return; // the pending one will carry the highest seq
      // As the web client (client/src/realtime/receipts.ts): the interval varied at random by
      // ±jitter/2, and in a group even the first receipt after a random part of the interval.
      let wait = (st.last.get(cid) ?? -Infinity) + intervalMs * (1 + jitter * (Math.random() - 0.5)) - now();
      if (wait <= 0 && jitter > 0 && groupIds.has(cid)) wait = Math.random() * intervalMs;
      if (wait <= 0) flush(conn, st, cid);
      else {
        const h = setTimeout(() => {
          timers.delete(h);
          flush(conn, st, cid);
        }, wait);
        timers.add(h);
        st.timer.set(cid, h);
      }
    },
    stop() {
      for (const h of timers) clearTimeout(h);
      timers.clear();
      perConn.clear();
    },
    report() {
      const { ack_ms, ...rest } = stats;
      return { mode, interval_ms: intervalMs, jitter, ...rest, ack_latency_ms: percentiles(ack_ms) };
    },
  };
}

async function step({
  rate,
  duration_s,
  drain_s = 5,
  ack_timeout_ms = 10000,
  text_len = 40,
  step_id = 0,
  seed = 1,
  pairs = "random",
  send = "direct",
  groups = [],
  receipts = "off",
  receipt_interval_ms = 1000,
  receipt_jitter = 0.5,
}) {
  // send "direct": {to} messages; pairs: "random" = sender and recipient are random distinct users
  // (with several urls about 1/n of the pairs share a process; almost every message opens a new
  // conversation); "partners" = each user writes to one of its PARTNERS neighbours (i+1 …
  // i+PARTNERS), so after a warm-up messages go to existing conversations, as in a chat people
  // use; "partners-all" = message i goes from user i % n to its partner floor(i / n) % PARTNERS
  // (n x PARTNERS messages open every partner conversation once: a warm-up); "cross" = the
  // recipient is always on another url's process.
  // send "groups": {conversation_id} messages from a random member of a random group of
  // `groups` ([{id, members: [user index]}]) to all its other members; latency and loss are
  // counted per recipient (a delivery = a message reaching one member's socket).
  const live = conns.filter((c) => c.socket.connected);
  if (live.length < 2) throw new Error("need at least 2 connected sockets");
  if (!["random", "partners", "partners-all", "cross"].includes(pairs)) {
    throw new Error(`unknown pairs mode ${pairs}`);
  }
  if (!["direct", "groups"].includes(send)) throw new Error(`unknown send mode ${send}`);
  if (!["off", "on", "eager"].includes(receipts)) throw new Error(`unknown receipts mode ${receipts}`);
  const byIndex = new Map(live.map((c) => [c.index, c]));
  const groupConns = groups.map((g) => ({
    id: g.id,
    members: g.members.map((i) => byIndex.get(i)).filter(Boolean),
  }));
  if (send === "groups" && !groupConns.some((g) => g.members.length >= 2)) {
    throw new Error("send=groups needs groups with at least 2 connected members");
  }
  const elsewhere = urls.map((_, g) => live.filter((c) => c.group !== g));
  if (pairs === "cross" && elsewhere.some((others) => others.length === 0)) {
    throw new Error("pairs=cross needs live sockets on at least two urls");
  }
  const total = Math.max(1, Math.round(rate * duration_s));
  const interval = 1000 / rate;
  const sched = new Float64Array(total);
  const sentAt = new Float64Array(total);
  const ackAt = new Float64Array(total).fill(NaN);
  const recvAt = new Float64Array(total).fill(NaN); // direct: the recipient's receive time
  const expect = new Int32Array(total); // recipients each message should reach
  const got = new Int32Array(total); // recipients it reached
  const deliveryLat = []; // groups: one latency per (message, recipient)
  const ackOk = new Int8Array(total); // 0 pending, 1 ok, -1 error ack, -2 timeout/transport
  const ackErrors = {};
  let duplicates = 0;
  let crossProcess = 0;
  let acked = 0;
  let received = 0; // deliveries (direct: messages received)
  let lastRecv = 0;
  const prefix = `bench-${runTag}-${step_id}-`;
  const textOf = sentences(Math.max(1, text_len - 12), seed);
  const groupIds = new Set(groups.map((g) => g.id));
  const rc = receiptState(receipts, receipt_interval_ms, receipt_jitter, groupIds, ack_timeout_ms);
  const inbound0 = { ...counters };

  const rnd = xorshift(seed); // deterministic pairs, so reruns send the same pattern

  onNewMessage = (conn, payload) => {
    const message = payload?.message;
    const cid = message?.client_id;
    if (typeof cid !== "string" || !cid.startsWith(prefix)) {
      counters.new_message_stray++;
      return;
    }
    const i = Number(cid.slice(prefix.length));
    if (!(i >= 0 && i < total)) return;
    const t = now();
    rc.received(conn, message);
    if (send === "groups") {
      if (got[i] >= expect[i]) {
        duplicates++;
        return;
      }
      got[i]++;
      received++;
      deliveryLat.push(t - sched[i]);
      if (t > lastRecv) lastRecv = t;
      return;
    }
    if (Number.isNaN(recvAt[i])) {
      recvAt[i] = t;
      got[i] = 1;
      received++;
      if (t > lastRecv) lastRecv = t;
    } else duplicates++;
  };

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const t0 = now() + 20;
  for (let i = 0; i < total; i++) sched[i] = t0 + i * interval;
  let next = 0;
  let maxSendLag = 0;

  const pick = (i) => {
    // {from, payload fields, recipients}
    if (send === "groups") {
      let g;
      do g = groupConns[Math.floor(rnd() * groupConns.length)];
      while (g.members.length < 2);
      const from = g.members[Math.floor(rnd() * g.members.length)];
      return { from, fields: { conversation_id: g.id }, recipients: g.members.length - 1 };
    }
    let a;
    let to;
    if (pairs === "partners-all") {
      a = i % live.length;
      to = live[(a + 1 + (Math.floor(i / live.length) % Math.min(PARTNERS, live.length - 1))) % live.length];
    } else {
      a = Math.floor(rnd() * live.length);
      if (pairs === "cross") {
        const others = elsewhere[live[a].group];
        to = others[Math.floor(rnd() * others.length)];
      } else if (pairs === "partners") {
        to = live[(a + 1 + Math.floor(rnd() * Math.min(PARTNERS, live.length - 1))) % live.length];
      } else {
        let b = Math.floor(rnd() * (live.length - 1));
        if (b >= a) b++;
        to = live[b];
      }
    }
    const from = live[a];
    if (to.group !== from.group) crossProcess++;
    return { from, fields: { to: to.user.id }, recipients: 1 };
  };

  const sendOne = (i) => {
    const { from, fields, recipients } = pick(i);
    expect[i] = recipients;
    if (fields.conversation_id) rc.wrote(from, fields.conversation_id);
    const payload = { ...fields, text: `${i} ${textOf(i)}`, client_id: prefix + i };
    sentAt[i] = now();
    from.socket.timeout(ack_timeout_ms).emit("send_message", payload, (err, ack) => {
      ackAt[i] = now();
      acked++;
      if (err) {
        ackOk[i] = -2;
        ackErrors.timeout = (ackErrors.timeout || 0) + 1;
      } else if (ack && ack.ok) {
        ackOk[i] = 1;
        if (fields.to) rc.wrote(from, ack.message?.conversation_id);
      } else {
        ackOk[i] = -1;
        const code = ack?.error || "bad_ack";
        ackErrors[code] = (ackErrors[code] || 0) + 1;
      }
    });
  };

  // Open loop: every message has a scheduled time; late ticks send everything due at once,
  // and latency is always measured from the schedule, never from the actual send.
  await new Promise((resolve) => {
    const tick = () => {
      const t = now();
      while (next < total && sched[next] <= t) {
        maxSendLag = Math.max(maxSendLag, t - sched[next]);
        sendOne(next++);
      }
      if (next >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(1, sched[next] - now())));
    };
    setTimeout(tick, Math.max(0, t0 - now()));
  });
  const sendEnd = now();
  // Drain: wait (bounded) for every ack and every delivery of an accepted message.
  const drainDeadline = sendEnd + drain_s * 1000;
  while (now() < drainDeadline) {
    if (acked >= total) {
      let missing = 0;
      for (let i = 0; i < total; i++) if (ackOk[i] === 1) missing += expect[i] - got[i];
      if (missing <= 0) break;
    }
    await sleep(20);
  }
  const cpu = process.cpuUsage(cpu0);
  loop.disable();
  onNewMessage = null;
  rc.stop();

  const lat = send === "groups" ? deliveryLat : [];
  const ackLat = [];
  let lost = 0;
  let okAcks = 0;
  let errorAcks = 0;
  let unacked = 0;
  let receivedUnacked = 0;
  let expected = 0;
  for (let i = 0; i < total; i++) {
    if (send === "direct" && !Number.isNaN(recvAt[i])) lat.push(recvAt[i] - sched[i]);
    if (ackOk[i] === 1) {
      okAcks++;
      expected += expect[i];
      ackLat.push(ackAt[i] - sched[i]);
      lost += Math.max(0, expect[i] - got[i]);
    } else if (ackOk[i] === -1) errorAcks++;
    else {
      unacked++;
      receivedUnacked += got[i];
    }
  }
  const wall = ((lastRecv || t0) - t0) / 1000;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const inbound = {};
  for (const k of ["delivered", "read", "typing", "presence"]) inbound[k] = counters[k] - inbound0[k];
  return {
    rate,
    duration_s,
    sockets: live.length,
    sent: total,
    send,
    pairs: send === "direct" ? pairs : null,
    groups: send === "groups" ? groupConns.length : null,
    recipients_per_message: Math.round((expected / (okAcks || 1)) * 100) / 100,
    cross_process: crossProcess,
    offered_per_s: Math.round((total / ((sendEnd - t0) / 1000 || 1)) * 10) / 10,
    expected,
    delivered: received,
    delivered_per_s: Math.round((received / (wall || 1)) * 10) / 10,
    accepted_per_s: Math.round((okAcks / ((sendEnd - t0) / 1000 || 1)) * 10) / 10,
    ok_acks: okAcks,
    error_acks: errorAcks,
    ack_errors: ackErrors,
    unacked,
    received_unacked: receivedUnacked,
    lost,
    duplicates,
    latency_ms: percentiles(lat),
    ack_latency_ms: percentiles(ackLat),
    receipts: rc.report(),
    inbound,
    generator: {
      cpu_ms: Math.round(cpuMs),
      cpu_pct_of_core: Math.round((cpuMs / (now() - t0)) * 1000) / 10,
      max_send_lag_ms: Math.round(maxSendLag * 1000) / 1000,
      loop_delay_p99_ms: Math.round(loop.percentile(99) / 1e3) / 1e3,
      loop_delay_max_ms: Math.round(loop.max / 1e3) / 1e3,
    },
    stray_events: counters.new_message_stray,
  };
}

// ---------------------------------------------------------------- typing, in the background
let typingLoad = null;

async function typing_start({ groups, interval_ms = 3000, ack_timeout_ms = 10000, seed = 7 }) {
  // Every member of every group sends `typing {conversation_id}` every interval_ms (phases spread
  // evenly at random over the interval), until typing_stop.
  if (typingLoad) throw new Error("typing load already running");
  const byIndex = new Map(conns.filter((c) => c.socket.connected).map((c) => [c.index, c]));
  const rnd = xorshift(seed);
  const load = { sent: 0, ok: 0, errors: {}, ack_ms: [], handles: [], t0: now(), typing0: counters.typing };
  const fire = (conn, cid) => {
    const t = now();
    load.sent++;
    conn.socket.timeout(ack_timeout_ms).emit("typing", { conversation_id: cid }, (err, ack) => {
      load.ack_ms.push(now() - t);
      if (!err && ack?.ok) load.ok++;
      else {
        const code = err ? "timeout" : ack?.error || "bad_ack";
        load.errors[code] = (load.errors[code] || 0) + 1;
      }
    });
  };
  let typists = 0;
  for (const g of groups) {
    for (const i of g.members) {
      const conn = byIndex.get(i);
      if (!conn) continue;
      typists++;
      const h = setTimeout(() => {
        fire(conn, g.id);
        load.handles.push(setInterval(() => fire(conn, g.id), interval_ms));
      }, rnd() * interval_ms);
      load.handles.push(h);
    }
  }
  load.typists = typists;
  load.interval_ms = interval_ms;
  typingLoad = load;
  return { typists, per_s: Math.round((typists * 1000) / interval_ms) };
}

async function typing_stop({ wait_ms = 2000 } = {}) {
  const load = typingLoad;
  if (!load) return { running: false };
  for (const h of load.handles) {
    clearTimeout(h);
    clearInterval(h);
  }
  typingLoad = null;
  const deadline = now() + wait_ms;
  while (load.ok + Object.values(load.errors).reduce((a, b) => a + b, 0) < load.sent && now() < deadline) {
    await sleep(20);
  }
  const secs = (now() - load.t0) / 1000;
  return {
    typists: load.typists,
    interval_ms: load.interval_ms,
    sent: load.sent,
    sent_per_s: Math.round((load.sent / secs) * 10) / 10,
    ok: load.ok,
    errors: load.errors,
    ack_latency_ms: percentiles(load.ack_ms),
    typing_events_received: counters.typing - load.typing0,
    received_per_s: Math.round(((counters.typing - load.typing0) / secs) * 10) / 10,
  };
}

// ---------------------------------------------------------------- reactions, in the background
let reactLoad = null;

async function react_start({ rate, emoji = "👍", ack_timeout_ms = 10000, seed = 11 }) {
  // Open loop: every 10 ms, the reactions due by then; each from a random connected user to the
  // last message it received, toggling its own reaction on and off (as people do).
  if (reactLoad) throw new Error("react load already running");
  const rnd = xorshift(seed);
  const load = { sent: 0, ok: 0, skipped: 0, errors: {}, ack_ms: [], t0: now(), rate };
  const fire = () => {
    const conn = conns[Math.floor(rnd() * conns.length)];
    if (!conn?.socket.connected || !conn.lastMessageId) {
      load.skipped++;
      return;
    }
    conn.reacted = !conn.reacted;
    const t = now();
    load.sent++;
    const payload = { message_id: conn.lastMessageId, emoji, on: conn.reacted };
    conn.socket.timeout(ack_timeout_ms).emit("react", payload, (err, ack) => {
      load.ack_ms.push(now() - t);
      if (!err && ack?.ok) load.ok++;
      else {
        const code = err ? "timeout" : ack?.error || "bad_ack";
        load.errors[code] = (load.errors[code] || 0) + 1;
      }
    });
  };
  let due = 0;
  load.handle = setInterval(() => {
    const target = Math.floor(((now() - load.t0) / 1000) * rate);
    for (; due < target; due++) fire();
  }, 10);
  reactLoad = load;
  return { rate };
}

async function react_stop({ wait_ms = 2000 } = {}) {
  const load = reactLoad;
  if (!load) return { running: false };
  clearInterval(load.handle);
  reactLoad = null;
  const secs = (now() - load.t0) / 1000;
  const deadline = now() + wait_ms;
  while (load.ok + Object.values(load.errors).reduce((a, b) => a + b, 0) < load.sent && now() < deadline) {
    await sleep(20);
  }
  return {
    rate: load.rate,
    sent: load.sent,
    sent_per_s: Math.round((load.sent / secs) * 10) / 10,
    skipped: load.skipped,
    ok: load.ok,
    errors: load.errors,
    ack_latency_ms: percentiles(load.ack_ms),
  };
}

async function sync({
  user = 0,
  cursors,
  changes = null, // {conversation_id: change cursor}: also bring changed messages after it
  limit = 500,
  max_calls = 200,
  timeout_ms = 30000,
  budget_ms = 600000,
}) {
  const conn = conns.find((c) => c.index === user);
  if (!conn || !conn.socket.connected) throw new Error(`user ${user} is not connected`);
  const cur = { ...cursors };
  const changeCur = changes ? { ...changes } : null;
  const callMs = [];
  let messages = 0;
  let changed = 0;
  let bytes = 0;
  let more = true;
  let error = null;
  // what arrives on the wire (UTF-8 bytes of the Socket.IO packets), counted as it arrives
  // rather than by re-serialising each answer inside the timed loop
  const engine = conn.socket.io.engine;
  const count = (packet) => {
    if (typeof packet.data === "string") bytes += Buffer.byteLength(packet.data);
  };
  engine.on("packet", count);
  const t0 = now();
  let budgetHit = false;
  for (let call = 0; call < max_calls && more; call++) {
    if (now() - t0 > budget_ms) {
      budgetHit = true;
      break;
    }
    const start = now();
    let ack;
    try {
      const payload = changeCur ? { cursors: cur, changes: changeCur, limit } : { cursors: cur, limit };
      ack = await conn.socket.timeout(timeout_ms).emitWithAck("sync", payload);
    } catch (err) {
      error = String(err?.message || err);
      break;
    }
    callMs.push(now() - start);
    if (!ack?.ok) {
      error = ack?.error || "bad_ack";
      break;
    }
    messages += ack.messages.length;
    changed += ack.changed?.length ?? 0;
    if (changeCur) Object.assign(changeCur, ack.change_cursors ?? {});
    for (const m of ack.messages) {
      if (m.seq > (cur[m.conversation_id] ?? 0)) cur[m.conversation_id] = m.seq;
    }
    more = ack.more && ack.messages.length + (ack.changed?.length ?? 0) > 0;
  }
  engine.off("packet", count);
  return {
    calls: callMs.length,
    messages,
    changed,
    json_bytes: bytes,
    total_ms: Math.round((now() - t0) * 1000) / 1000,
    per_call_ms: percentiles(callMs),
    complete: !more && !error,
    budget_hit: budgetHit,
    error,
  };
}

const commands = { connect, disconnect, step, sync, typing_start, typing_stop, react_start, react_stop };
const rl = createInterface({ input: process.stdin });
let queue = Promise.resolve();
rl.on("line", (line) => {
  if (!line.trim()) return;
  queue = queue.then(async () => {
    let cmd;
    try {
      cmd = JSON.parse(line);
    } catch {
      process.stdout.write(JSON.stringify({ ok: false, error: "bad json" }) + "\n");
      return;
    }
    if (cmd.cmd === "quit") {
      for (const c of conns) c.socket.disconnect();
      process.stdout.write(JSON.stringify({ ok: true, cmd: "quit" }) + "\n");
      setTimeout(() => process.exit(0), 100);
      return;
    }
    const fn = commands[cmd.cmd];
    try {
      if (!fn) throw new Error(`unknown command ${cmd.cmd}`);
      const result = await fn(cmd);
      process.stdout.write(JSON.stringify({ ok: true, cmd: cmd.cmd, result }) + "\n");
    } catch (err) {
      process.stdout.write(
        JSON.stringify({ ok: false, cmd: cmd.cmd, error: String(err?.stack || err) }) + "\n",
      );
    }
  });
});
rl.on("close", () => {
  queue.then(() => {
    for (const c of conns) c.socket.disconnect();
    setTimeout(() => process.exit(0), 100);
  });
});
