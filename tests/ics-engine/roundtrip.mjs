// roundtrip.mjs: random schedules → `hookscope export-ics` → Mozilla's ical.js and libical,
// each compared occurrence by occurrence with `hookscope expand --json`.
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// node roundtrip.mjs --hookscope BIN --libical BIN [--count N] [--seed S] [--keep DIR]
//
// The schedules are drawn from a seeded generator (reproducible), with the corners on purpose:
// starts and ends in DST gaps and overlaps (Europe/Paris, America/Montreal, the half-hour DST
// of Australia/Lord_Howe, America/Santiago's midnight changes), zones without DST, spans past
// 2038, nth weekdays, exclusions (dates and date-times), all-day and zero-length events, and
// durations across a DST change. All of them go into one calendar (`export-ics FILE…`, as
// `--all` does), which ical.js must parse without an error (its parser is strict about RFC
// 5545 syntax) and libical without an X-LIC-ERROR. For each event, both engines' instances
// (the master's RRULE/RDATE/EXDATE, overrides by RECURRENCE-ID in place of their instance)
// must be exactly expand's occurrences (start and end instants; all-day: the days) over 12
// years from the start (or as far as the file lists them), and the next one after that span.

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ICAL from 'ical.js';

const run = promisify(execFile);

function parseArgs(argv) {
  const args = { count: 200, seed: 20261130, keep: null };
  for (let i = 2; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    args[name] = argv[++i];
  }
  args.count = Number(args.count);
  args.seed = Number(args.seed);
  if (!args.hookscope || !args.libical)
    throw new Error('usage: roundtrip.mjs --hookscope BIN --libical BIN [--count N] [--seed S]');
  return args;
}

// mulberry32: small, seeded, the same sequence on every machine.
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
const DAY = 86400;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

// Days since 1970-01-01 ↔ civil dates (UTC arithmetic: no zone involved).
const daysOf = (y, m, d) => Math.floor(Date.UTC(y, m - 1, d) / 1000 / DAY);
function civil(days) {
  const date = new Date(days * DAY * 1000);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}
const dateString = (days) => {
  const [y, m, d] = civil(days);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
};
const parseDate = (s) => daysOf(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));

// Zones, with the local times near their DST changes and the months they happen in.
const ZONES = [
  { name: 'Europe/Paris', hours: ['02:00', '02:30', '01:59', '03:00', '02:15'], months: [3, 10] },
  { name: 'America/Montreal', hours: ['02:00', '02:30', '01:00', '01:30', '00:30'], months: [3, 11] },
  { name: 'Australia/Lord_Howe', hours: ['02:00', '02:15', '01:45', '01:30'], months: [4, 10] },
  { name: 'America/Santiago', hours: ['00:00', '00:30', '23:30', '23:00'], months: [4, 9] },
  { name: 'Asia/Tokyo', hours: ['02:30'], months: [3, 10] },
  { name: 'UTC', hours: ['02:30'], months: [3, 10] },
  { name: 'America/Sao_Paulo', hours: ['00:00', '00:30'], months: [2, 11] },
];

function randomSchedule(rng, index) {
  const zone = rng.pick(ZONES);
  const corner = rng.chance(0.6);
  const year = rng.chance(0.25) ? rng.int(2034, 2045) : rng.int(2020, 2030);
  const month = corner ? rng.pick(zone.months) : rng.int(1, 12);
  const day = corner ? rng.int(1, 28) : rng.int(1, 28);
  const start = daysOf(year, month, day);
  const time = corner ? rng.pick(zone.hours) : `${pad(rng.int(0, 23))}:${rng.pick(['00', '30', '47'])}`;
  const allDay = rng.chance(0.12);
  const s = {
    timezone: zone.name,
    starts_at_date: dateString(start),
    starts_at_time: `${time}:00`,
  };

  // Durations: none, short, across a change (hours), or days plus hours.
  const kind = rng.int(0, 9);
  let minutes;
  if (kind === 0)
    minutes = 0;
  else if (kind <= 4)
    minutes = rng.pick([30, 60, 90, 45, 120]);
  else if (kind <= 7)
    minutes = rng.pick([180, 300, 25 * 60, 23 * 60, 24 * 60]);
  else
    minutes = rng.int(1, 3) * 1440 + rng.pick([0, 60, 150]);
  const startMinute = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  const endTotal = startMinute + minutes;
  s.ends_at_date = dateString(start + Math.floor(endTotal / 1440));
  s.ends_at_time = `${pad(Math.floor((endTotal % 1440) / 60))}:${pad(endTotal % 60)}:00`;

  if (allDay) {
    s['all_day?'] = true;
    s.ends_at_date = dateString(start + rng.int(0, 3));
    delete s.starts_at_time;
    delete s.ends_at_time;
  }

  const frequency = rng.pick(['none', 'daily', 'weekly', 'weekly', 'monthly', 'monthly', 'yearly']);
  if (frequency === 'none') {
    s.recurrence = 'none';
    return s;
  }
  s.recurrence = frequency;
  s.frequency = frequency;
  if (rng.chance(0.4))
    s.interval = rng.int(2, 4);
  if (frequency === 'daily' && rng.chance(0.5))
    s.interval = rng.pick([7, 14, 364, 365]);   // lands on the same weekday, or near a date

  const nth = () => ({ week: rng.pick([1, 2, 3, 4, -1, -2, 5]), day: rng.pick(WEEKDAYS) });
  if (frequency === 'weekly' && rng.chance(0.7)) {
    s.days = WEEKDAYS.filter(() => rng.chance(0.3));
    if (rng.chance(0.2))
      s.days.push(nth());
    if (s.days.length === 0)
      s.days.push(rng.pick(WEEKDAYS));
  } else if (frequency === 'monthly') {
    const choice = rng.int(0, 2);
    if (choice === 0)
      s.days = [nth()];
    else if (choice === 1)
      s.monthly_opts = { days_of_month: [rng.pick([1, 8, 15, 28, 29, 30, 31, -1, -7])] };
  } else if (frequency === 'yearly' && rng.chance(0.3)) {
    s.days = [nth()];
  } else if (frequency === 'daily' && rng.chance(0.15)) {
    s.days = [nth()];
  }

  const end = rng.int(0, 3);
  if (end === 0 || end === 1)
    s.count = rng.int(1, frequency === 'yearly' ? 25 : 60);
  else if (end === 2)
    s.until = dateString(start + rng.int(0, 6 * 366));

  if (rng.chance(0.35)) {
    s.excluded_dates = [];
    const step = { daily: 1, weekly: 7, monthly: 30, yearly: 365 }[frequency];
    for (let i = rng.int(1, 3); i > 0; i--) {
      const excluded = start + step * rng.int(0, 8) + (step === 1 ? 0 : rng.int(0, 6));
      s.excluded_dates.push(rng.chance(0.5) || allDay
        ? dateString(excluded) : `${dateString(excluded)}T${s.starts_at_time}`);
    }
  }

  return s;
}

// An ICAL.Time or an all-day date as Unix time (dates: their midnight in UTC).
function unixOf(t) {
  if (t.isDate)
    return daysOf(t.year, t.month, t.day) * DAY;
  return t.toUnixTime();
}

// Every VEVENT of a UID as a calendar app reads them with ical.js: the master expanded, its
// overrides (RECURRENCE-ID) in place of their instances; instances whose rule time is before
// bound.
function icaljsInstances(calendar, bounds) {
  const byUid = new Map();
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const uid = vevent.getFirstPropertyValue('uid');
    if (!byUid.has(uid))
      byUid.set(uid, { master: null, exceptions: [] });
    const entry = byUid.get(uid);
    if (vevent.hasProperty('recurrence-id'))
      entry.exceptions.push(vevent);
    else if (entry.master !== null)
      throw new Error(`${uid}: two masters`);
    else
      entry.master = vevent;
  }

  const result = new Map();
  for (const [uid, entry] of byUid) {
    if (entry.master === null)
      throw new Error(`${uid}: overrides without a master`);
    const event = new ICAL.Event(entry.master, { exceptions: entry.exceptions, strictExceptions: true });
    const spans = [];
    const bound = bounds.get(uid);
    if (!event.isRecurring()) {
      if (unixOf(event.startDate) < bound)
        spans.push([unixOf(event.startDate), unixOf(event.endDate)]);
    } else {
      const iterator = event.iterator();
      for (let next; (next = iterator.next());) {
        if (unixOf(next) >= bound)
          break;
        const details = event.getOccurrenceDetails(next);
        spans.push([unixOf(details.startDate), unixOf(details.endDate)]);
      }
    }
    spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    result.set(uid, {
      spans,
      listedUntil: entry.master.getFirstPropertyValue('x-hookscope-listed-until'),
      exceptions: entry.exceptions.length,
    });
  }
  return result;
}

async function pool(items, width, work) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  }
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

// expand's occurrences as [start, end] (all-day: UTC midnights of the first day and of the day
// after the last), with the local date of the start.
function expandSpans(json) {
  return json.occurrences.map((o) => {
    if (json.all_day)
      return { span: [parseDate(o.first_date) * DAY, (parseDate(o.last_date) + 1) * DAY], date: parseDate(o.first_date) };
    return { span: [Date.parse(o.start_utc) / 1000, Date.parse(o.end_utc) / 1000], date: parseDate(o.first_date) };
  });
}

function compareLists(name, engine, expected, text) {
  const problems = [];
  const n = Math.max(engine.length, expected.length);
  for (let i = 0; i < n && problems.length < 3; i++) {
    const a = engine[i], b = expected[i];
    if (!a || !b || a[0] !== b[0] || a[1] !== b[1]) {
      const show = (x) => x ? `${new Date(x[0] * 1000).toISOString()}–${new Date(x[1] * 1000).toISOString()}` : 'none';
      problems.push(`${name} #${i}: ${show(a)}, expand: ${show(b)}`);
    }
  }
  if (engine.length !== expected.length)
    problems.push(`${name}: ${engine.length} instances, expand: ${expected.length}`);
  return problems;
}

async function main() {
  const args = parseArgs(process.argv);
  const rng = generator(args.seed);
  const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'hs-ics-engines-'));
  mkdirSync(dir, { recursive: true });
  const cases = [];

  for (let i = 0; i < args.count; i++) {
    const schedule = randomSchedule(rng, i);
    const uid = `r${i}@hookscope`;
    const path = join(dir, `r${i}.json`);
    writeFileSync(path, JSON.stringify({ id: `r${i}`, locales: [{ name: `Random ${i}` }], schedule }, null, 1));
    const startDay = parseDate(schedule.starts_at_date);
    const to = daysOf(civil(startDay)[0] + 12, 1, 1);
    cases.push({ i, uid, path, schedule, startDay, to, far: to + 400 });
  }

  // One calendar of every event; notes (listed-until) on stderr.
  const icsPath = join(dir, 'all.ics');
  const exported = await run(args.hookscope, ['export-ics', '-o', icsPath, ...cases.map((c) => c.path)],
    { maxBuffer: 1 << 26 });
  const text = readFileSync(icsPath, 'utf8');

  // expand over the span and a year past it (for the next occurrence after the span).
  const expansions = await pool(cases, 2, async (c) => {
    const { stdout } = await run(args.hookscope, ['expand', c.path, '--json', '--limit', '100000',
      '--to', dateString(c.far)], { maxBuffer: 1 << 28 });
    return JSON.parse(stdout);
  });

  // The rule times each engine expands to: a day past the far end of the span.
  const bounds = new Map(cases.map((c) => [c.uid, (c.far + 1) * DAY]));
  const boundsPath = join(dir, 'bounds.txt');
  writeFileSync(boundsPath, cases.map((c) => `${c.uid} ${bounds.get(c.uid)}`).join('\n') + '\n');

  let calendar;
  const failures = [];
  try {
    calendar = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    failures.push(`ical.js cannot parse the calendar: ${error.message}`);
  }
  if (/VALUE=PERIOD/.test(text))
    failures.push('the calendar has period RDATEs');

  let icaljs = new Map();
  if (calendar) {
    ICAL.TimezoneService.reset();
    for (const vtimezone of calendar.getAllSubcomponents('vtimezone'))
      ICAL.TimezoneService.register(vtimezone);
    try {
      icaljs = icaljsInstances(calendar, bounds);
    } catch (error) {
      failures.push(`ical.js: ${error.stack}`);
    }
  }

  const libicalRun = await run(args.libical, [icsPath, '0', boundsPath], { maxBuffer: 1 << 28 })
    .catch((error) => ({ stdout: '{}', stderr: error.stderr, failed: true }));
  if (libicalRun.failed)
    failures.push(`libical cannot read the calendar: ${libicalRun.stderr}`);
  const libical = JSON.parse(libicalRun.stdout);

  let agreed = 0, listed = 0, overridden = 0, occurrences = 0;
  for (const c of cases) {
    const expanded = expandSpans(expansions[c.i]);
    const problems = [];
    const ours = icaljs.get(c.uid);
    const theirs = libical[c.uid];
    if (!ours)
      problems.push('ical.js: no event');
    if (!theirs)
      problems.push('libical: no event');
    if (ours && theirs) {
      const listedUntil = ours.listedUntil
        ? daysOf(Number(ours.listedUntil.slice(0, 4)), Number(ours.listedUntil.slice(4, 6)), Number(ours.listedUntil.slice(6, 8)))
        : null;
      if ((theirs.listed_until ?? null) !== (ours.listedUntil ?? null))
        problems.push(`X-HOOKSCOPE-LISTED-UNTIL: ical.js ${ours.listedUntil}, libical ${theirs.listed_until}`);
      if (theirs.period)
        problems.push('libical: a period RDATE');
      let expected, cut;
      if (listedUntil !== null) {
        // Listed: exactly expand's occurrences before that date, and nothing after.
        listed++;
        expected = expanded.filter((o) => o.date < listedUntil).map((o) => o.span);
        cut = Infinity;
      } else {
        // The span, and the first occurrence after it (so a cut-off RRULE shows).
        const after = expanded.find((o) => o.date >= c.to);
        cut = after ? after.span[0] + 1 : (c.far - 2) * DAY;
        expected = expanded.filter((o) => o.span[0] < cut).map((o) => o.span);
      }
      const engine = (spans) => spans.filter((s) => s[0] < cut).map((s) => [s[0], s[1]]);
      problems.push(...compareLists('ical.js', engine(ours.spans), expected, text));
      problems.push(...compareLists('libical', engine(theirs.spans), expected, text));
      occurrences += expected.length;
      if (ours.exceptions > 0)
        overridden++;
    }
    if (problems.length === 0)
      agreed++;
    else
      failures.push(`${c.uid} (${c.path}): ${JSON.stringify(c.schedule)}\n  ${problems.join('\n  ')}`);
  }

  const notes = exported.stderr.split('\n').filter((l) => l.includes('note:')).length;
  console.log(`${agreed} of ${cases.length} schedules agree (seed ${args.seed}): ` +
    `${occurrences} occurrences compared, ${overridden} events with overrides, ` +
    `${listed} listed for a bounded span (${notes} notes on stderr)`);
  if (failures.length > 0) {
    console.log(failures.slice(0, 15).join('\n'));
    console.log(`files kept in ${dir}`);
    process.exit(1);
  }
  if (!args.keep)
    rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error.stack ?? error);
  process.exit(1);
});
