import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateSources } from '../../../generator/generate-sources.js';
import { junkEmails, junkPhones } from '../../../generator/identity-values.js';
import { personaShares, type PersonaName } from '../../../generator/personas.js';
import { sourceTables, truthTables } from '../../../generator/source-tables.js';
import { channels, pageTypes, productFeatures } from '../../../generator/vocabulary.js';
import { collectBatches, normalizeEmail, ownersOf, tableRows, testNow } from './collect-tables.js';

const people = 5000;
const batches = collectBatches({ people });
const tables = tableRows(batches);
const contactOwners = ownersOf(tables, 'crm_contacts');
const sessionOwners = ownersOf(tables, 'web_sessions');
const productUserOwners = ownersOf(tables, 'product_users');
const personaOf = new Map(tables.people.map(([personId, persona]) => [personId as number, persona as PersonaName]));
const nowMs = testNow.getTime();
const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/;

describe('generateSources determinism', () => {
  it('gives identical batches for the same seed and different ones for another seed', () => {
    const first = collectBatches({ people: 500, seed: 7 });
    assert.deepEqual(collectBatches({ people: 500, seed: 7 }), first);
    assert.notDeepEqual(collectBatches({ people: 500, seed: 8 }), first);
  });

  it('changes only how rows are cut when batchSize changes', () => {
    const small = collectBatches({ people: 800, batchSize: 300 });
    const large = collectBatches({ people: 800 });
    assert.ok(small.length > large.length);
    assert.deepEqual(tableRows(small), tableRows(large));
  });

  it('holds about batchSize rows per flush and never mixes schemas', () => {
    const batchSize = 2000;
    const small = collectBatches({ people: 3000, batchSize });
    for (const batch of small) {
      assert.ok(batch.rows.length > 0);
      assert.ok(batch.rows.length <= batchSize + 500, `${batch.table} batch of ${batch.rows.length}`);
      assert.equal(batch.schema, batch.table in truthTables ? 'truth' : 'sources');
    }
  });
});

describe('generateSources rows', () => {
  it('matches the column count of source-tables.ts in every row', () => {
    let checked = 0;
    for (const batch of batches) {
      const columns = batch.schema === 'truth' ? truthTables[batch.table as keyof typeof truthTables] : sourceTables[batch.table as keyof typeof sourceTables];
      for (const row of batch.rows) assert.equal(row.length, columns.length, `${batch.table} row ${JSON.stringify(row)}`);
      checked += batch.rows.length;
    }
    assert.ok(checked > people * 10);
  });

  it('writes one truth row per person with a persona', () => {
    assert.equal(tables.people.length, people);
    assert.deepEqual(
      tables.people.map(([personId]) => personId),
      Array.from({ length: people }, (_, index) => index + 1),
    );
    for (const [, persona] of tables.people) assert.ok((persona as string) in personaShares);
  });

  it('plants persona shares within tolerance', () => {
    const counts = new Map<string, number>();
    for (const [, persona] of tables.people) counts.set(persona as string, (counts.get(persona as string) ?? 0) + 1);
    for (const [persona, share] of Object.entries(personaShares)) {
      const actual = (counts.get(persona) ?? 0) / people;
      assert.ok(Math.abs(actual - share) < 0.03, `${persona}: ${actual} vs ${share}`);
    }
  });

  it('gives every identity-bearing record exactly one truth owner and no owner to anything else', () => {
    const ownerCounts = new Map<string, number>();
    for (const [source, recordId, personId] of tables.record_owners) {
      const key = `${source}:${recordId}`;
      ownerCounts.set(key, (ownerCounts.get(key) ?? 0) + 1);
      assert.ok(personaOf.has(personId as number), `owner ${personId} is a person`);
    }
    const recordKeys = [
      ...tables.crm_contacts.map((row) => `crm_contacts:${row[0]}`),
      ...tables.web_sessions.map((row) => `web_sessions:${row[0]}`),
      ...tables.product_users.map((row) => `product_users:${row[0]}`),
    ];
    assert.equal(new Set(recordKeys).size, recordKeys.length, 'record ids are unique');
    for (const key of recordKeys) assert.equal(ownerCounts.get(key), 1, key);
    assert.equal(ownerCounts.size, recordKeys.length);
  });

  it('keeps primary keys unique in every source table', () => {
    for (const table of ['crm_orders', 'web_pageviews', 'product_events'] as const) {
      assert.equal(new Set(tables[table].map((row) => row[0])).size, tables[table].length, table);
    }
    assert.equal(new Set(tables.people.map((row) => row[0])).size, people);
  });

  it('gives a person at most one CRM contact', () => {
    const contactsPerPerson = new Map<number, number>();
    for (const personId of contactOwners.values()) contactsPerPerson.set(personId, (contactsPerPerson.get(personId) ?? 0) + 1);
    assert.ok(contactsPerPerson.size > people / 2);
    for (const [personId, count] of contactsPerPerson) assert.equal(count, 1, `person ${personId}`);
  });

  it('yields every parent row before the rows that reference it', () => {
    const seen = { crm_contacts: new Set<unknown>(), web_sessions: new Set<unknown>(), product_users: new Set<unknown>() };
    for (const batch of batches) {
      if (batch.table === 'crm_contacts' || batch.table === 'web_sessions' || batch.table === 'product_users') {
        for (const row of batch.rows) seen[batch.table].add(row[0]);
      }
      for (const row of batch.rows) {
        if (batch.table === 'crm_orders') assert.ok(seen.crm_contacts.has(row[1]), `order ${row[0]}`);
        if (batch.table === 'web_pageviews') assert.ok(seen.web_sessions.has(row[1]), `page view ${row[0]}`);
        if (batch.table === 'product_events') assert.ok(seen.product_users.has(row[1]), `event ${row[0]}`);
      }
    }
  });

  it('writes order amounts as positive numbers with at most 2 decimals', () => {
    assert.ok(tables.crm_orders.length > 0);
    for (const [, , amount] of tables.crm_orders) {
      assert.equal(typeof amount, 'number');
      assert.ok((amount as number) > 0);
      const cents = (amount as number) * 100;
      assert.ok(Math.abs(cents - Math.round(cents)) < 1e-6, `amount ${amount}`);
    }
  });

  it('writes ISO timestamps before now, within about two years', () => {
    const oldest = nowMs - 800 * 86_400_000;
    const timestampColumns: Record<string, readonly number[]> = {
      crm_contacts: [6, 7],
      crm_orders: [3],
      web_sessions: [4],
      web_pageviews: [5],
      product_users: [2],
      product_events: [4],
    };
    for (const [table, columns] of Object.entries(timestampColumns)) {
      for (const row of tables[table as keyof typeof tables]) {
        for (const column of columns) {
          const value = row[column] as string;
          assert.match(value, isoPattern, `${table} ${value}`);
          const ms = Date.parse(value);
          assert.ok(ms < nowMs && ms > oldest, `${table} ${value}`);
        }
      }
    }
  });

  it('keeps events, orders and page views consistent with their parents', () => {
    const sessions = new Map(tables.web_sessions.map((row) => [row[0], row]));
    for (const [pageviewId, sessionId, anonymousId, pageType, url, viewedAt] of tables.web_pageviews) {
      const session = sessions.get(sessionId)!;
      assert.equal(anonymousId, session[1]);
      assert.ok(pageTypes.includes(pageType as (typeof pageTypes)[number]), `page type ${pageType}`);
      assert.ok((url as string).startsWith('/'));
      const start = Date.parse(session[4] as string);
      const viewed = Date.parse(viewedAt as string);
      assert.ok(viewed >= start && viewed <= start + (session[5] as number) * 1000, `page view ${pageviewId}`);
    }
    for (const session of tables.web_sessions) {
      assert.ok(Number.isInteger(session[5]) && (session[5] as number) > 0);
      assert.ok(channels.includes(session[6] as (typeof channels)[number]));
    }
    const productCreated = new Map(tables.product_users.map((row) => [row[0], Date.parse(row[2] as string)]));
    for (const [eventId, productUserId, eventType, feature, occurredAt] of tables.product_events) {
      assert.ok(Date.parse(occurredAt as string) >= productCreated.get(productUserId)!, `event ${eventId}`);
      if (eventType === 'login') assert.equal(feature, null);
      else {
        assert.equal(eventType, 'feature_used');
        assert.ok(productFeatures.includes(feature as (typeof productFeatures)[number]));
      }
    }
    const contactCreated = new Map(tables.crm_contacts.map((row) => [row[0], Date.parse(row[6] as string)]));
    for (const contact of tables.crm_contacts) assert.ok(Date.parse(contact[7] as string) >= Date.parse(contact[6] as string));
    for (const [orderId, contactId, , orderedAt] of tables.crm_orders) {
      assert.ok(Date.parse(orderedAt as string) > contactCreated.get(contactId)!, `order ${orderId}`);
    }
  });
});

describe('generateSources identities', () => {
  it('never lets two people share an email or a product user id', () => {
    const emailOwners = new Map<string, Set<number>>();
    const addEmail = (email: unknown, personId: number): void => {
      if (typeof email !== 'string') return;
      const owners = emailOwners.get(normalizeEmail(email)) ?? new Set<number>();
      owners.add(personId);
      emailOwners.set(normalizeEmail(email), owners);
    };
    for (const row of tables.crm_contacts) addEmail(row[1], contactOwners.get(row[0] as string)!);
    for (const row of tables.web_sessions) addEmail(row[2], sessionOwners.get(row[0] as string)!);
    for (const row of tables.product_users) addEmail(row[1], productUserOwners.get(row[0] as string)!);
    for (const [email, owners] of emailOwners) assert.equal(owners.size, 1, email);
    // A logged-in session's user id is the product account of the same person.
    for (const row of tables.web_sessions) {
      if (row[3] !== null) assert.equal(productUserOwners.get(row[3] as string), sessionOwners.get(row[0] as string));
    }
  });

  it('records emails with case and whitespace noise', () => {
    const emails = [...tables.crm_contacts.map((row) => row[1]), ...tables.web_sessions.map((row) => row[2]), ...tables.product_users.map((row) => row[1])].filter(
      (email): email is string => typeof email === 'string',
    );
    const withUppercase = emails.filter((email) => email !== email.toLowerCase()).length;
    const withSpaces = emails.filter((email) => email !== email.trim()).length;
    assert.ok(withUppercase > emails.length * 0.02, `uppercase ${withUppercase} of ${emails.length}`);
    assert.ok(withSpaces > emails.length * 0.02, `spaces ${withSpaces} of ${emails.length}`);
    assert.ok(emails.filter((email) => email === email.trim().toLowerCase()).length > emails.length * 0.7);
  });

  it('records phones in several formats', () => {
    const formats = [/^\+1 \d{3}-\d{3}-\d{4}$/, /^\(\d{3}\) \d{3} \d{4}$/, /^\d{10}$/, /^001 \d{3} \d{3} \d{4}$/];
    const phones = tables.crm_contacts.map((row) => row[2]).filter((phone): phone is string => typeof phone === 'string');
    for (const format of formats) assert.ok(phones.filter((phone) => format.test(phone)).length > phones.length * 0.05, String(format));
  });

  it('gives some people several emails and several devices', () => {
    const emailsByPerson = new Map<number, Set<string>>();
    const devicesByPerson = new Map<number, Set<string>>();
    for (const row of tables.web_sessions) {
      const personId = sessionOwners.get(row[0] as string)!;
      devicesByPerson.set(personId, (devicesByPerson.get(personId) ?? new Set()).add(row[1] as string));
      if (typeof row[2] === 'string') emailsByPerson.set(personId, (emailsByPerson.get(personId) ?? new Set()).add(normalizeEmail(row[2])));
    }
    const multiEmail = [...emailsByPerson.values()].filter((emails) => emails.size > 1).length;
    const multiDevice = [...devicesByPerson.values()].filter((devices) => devices.size > 1).length;
    assert.ok(multiEmail > people * 0.03, `people with several emails: ${multiEmail}`);
    assert.ok(multiDevice > people * 0.2, `people with several devices: ${multiDevice}`);
    for (const row of tables.web_sessions) assert.match(row[1] as string, /^anon-[0-9a-f]{12}$/);
  });

  it('plants household devices that two people log in from, and no bigger groups by default', () => {
    const loggedInOwners = new Map<string, Set<number>>();
    const owners = new Map<string, Set<number>>();
    for (const row of tables.web_sessions) {
      const personId = sessionOwners.get(row[0] as string)!;
      owners.set(row[1] as string, (owners.get(row[1] as string) ?? new Set()).add(personId));
      if (row[2] !== null || row[3] !== null) loggedInOwners.set(row[1] as string, (loggedInOwners.get(row[1] as string) ?? new Set()).add(personId));
    }
    const shared = [...owners.values()].filter((persons) => persons.size > 1);
    assert.ok(shared.length >= 5, `shared devices: ${shared.length}`);
    assert.ok(shared.every((persons) => persons.size === 2));
    assert.ok([...loggedInOwners.values()].filter((persons) => persons.size === 2).length >= 5);
  });

  it('leaves some CRM people unlinkable: sessions that never log in and no product account', () => {
    const loggedIn = new Set<number>();
    const withSessions = new Set<number>();
    for (const row of tables.web_sessions) {
      const personId = sessionOwners.get(row[0] as string)!;
      withSessions.add(personId);
      if (row[2] !== null || row[3] !== null) loggedIn.add(personId);
    }
    const productPeople = new Set(productUserOwners.values());
    const unlinkable = [...contactOwners.values()].filter((personId) => withSessions.has(personId) && !loggedIn.has(personId) && !productPeople.has(personId));
    assert.ok(unlinkable.length > contactOwners.size * 0.05, `unlinkable CRM people: ${unlinkable.length}`);
    assert.ok(unlinkable.length < contactOwners.size * 0.5);
  });

  it('has no junk emails or phones unless asked for', () => {
    for (const [, email, phone] of tables.crm_contacts) {
      assert.ok(!junkEmails.includes(email as string), `junk email ${email}`);
      assert.ok(!junkPhones.includes(phone as string), `junk phone ${phone}`);
    }
  });
});

describe('generateSources adversarial options', () => {
  const adversarialPeople = 3000;
  const adversarial = tableRows(collectBatches({ people: adversarialPeople, adversarial: { sharedDevicePeople: 40, junkEmailShare: 0.05 } }));
  const owners = ownersOf(adversarial, 'web_sessions');

  it('shares one anonymous device id among sharedDevicePeople people who all log in from it', () => {
    const loggedInOwners = new Map<string, Set<number>>();
    for (const row of adversarial.web_sessions) {
      if (row[2] === null && row[3] === null) continue;
      const personId = owners.get(row[0] as string)!;
      loggedInOwners.set(row[1] as string, (loggedInOwners.get(row[1] as string) ?? new Set()).add(personId));
    }
    const crowded = [...loggedInOwners.values()].filter((persons) => persons.size > 2);
    assert.equal(crowded.length, 1);
    assert.equal(crowded[0].size, 40);
  });

  it('gives about junkEmailShare of CRM contacts a junk email, and some a junk phone', () => {
    const contacts = adversarial.crm_contacts;
    const junk = contacts.filter((row) => junkEmails.includes(row[1] as string)).length;
    assert.ok(junk > contacts.length * 0.03 && junk < contacts.length * 0.07, `junk emails: ${junk} of ${contacts.length}`);
    assert.ok(contacts.some((row) => junkPhones.includes(row[2] as string)));
  });

  it('rejects invalid options', () => {
    const run = (options: Partial<Parameters<typeof generateSources>[0]>): unknown => [...generateSources({ people: 10, seed: 1, now: testNow, ...options })];
    assert.throws(() => run({ people: -1 }), RangeError);
    assert.throws(() => run({ people: 1.5 }), RangeError);
    assert.throws(() => run({ batchSize: 0 }), RangeError);
    assert.throws(() => run({ now: new Date(Number.NaN) }), RangeError);
    assert.throws(() => run({ adversarial: { junkEmailShare: 1.5 } }), RangeError);
    assert.throws(() => run({ adversarial: { sharedDevicePeople: 11 } }), RangeError);
    assert.deepEqual(run({ people: 0 }), []);
  });
});

describe('generateSources personas', () => {
  // Per-persona means of the features a CDP computes; the planted behaviour must show in them.
  const byPersona = new Map<PersonaName, { people: number; sessions: number; pages: number; seconds: number; whitepapers: number; content: number; paidOrCampaign: number; featuresUsed: number; productUsers: number; orders: number; amount: number; customers: number; daysSinceLastOrder: number }>();
  for (const persona of Object.keys(personaShares) as PersonaName[]) {
    byPersona.set(persona, { people: 0, sessions: 0, pages: 0, seconds: 0, whitepapers: 0, content: 0, paidOrCampaign: 0, featuresUsed: 0, productUsers: 0, orders: 0, amount: 0, customers: 0, daysSinceLastOrder: 0 });
  }
  for (const [, persona] of tables.people) byPersona.get(persona as PersonaName)!.people++;
  const sessionPersona = new Map<unknown, PersonaName>();
  for (const row of tables.web_sessions) {
    const persona = personaOf.get(sessionOwners.get(row[0] as string)!)!;
    sessionPersona.set(row[0], persona);
    const stats = byPersona.get(persona)!;
    stats.sessions++;
    stats.seconds += row[5] as number;
    if (row[6] === 'paid_search' || row[6] === 'campaign') stats.paidOrCampaign++;
  }
  for (const row of tables.web_pageviews) {
    const stats = byPersona.get(sessionPersona.get(row[1])!)!;
    stats.pages++;
    if (row[3] === 'whitepaper') stats.whitepapers++;
    if (row[3] === 'blog' || row[3] === 'video') stats.content++;
  }
  const features = new Map<unknown, Set<unknown>>();
  for (const row of tables.product_events) if (row[3] !== null) features.set(row[1], (features.get(row[1]) ?? new Set()).add(row[3]));
  for (const row of tables.product_users) {
    const stats = byPersona.get(personaOf.get(productUserOwners.get(row[0] as string)!)!)!;
    stats.productUsers++;
    stats.featuresUsed += features.get(row[0])?.size ?? 0;
  }
  const lastOrder = new Map<unknown, number>();
  for (const row of tables.crm_orders) {
    const stats = byPersona.get(personaOf.get(contactOwners.get(row[1] as string)!)!)!;
    stats.orders++;
    stats.amount += row[2] as number;
    lastOrder.set(row[1], Math.max(lastOrder.get(row[1]) ?? 0, Date.parse(row[3] as string)));
  }
  for (const [contactId, orderedAt] of lastOrder) {
    const stats = byPersona.get(personaOf.get(contactOwners.get(contactId as string)!)!)!;
    stats.customers++;
    stats.daysSinceLastOrder += (nowMs - orderedAt) / 86_400_000;
  }
  const mean = (persona: PersonaName, metric: (stats: NonNullable<ReturnType<typeof byPersona.get>>) => number): number => metric(byPersona.get(persona)!);
  /** Personas by the metric, highest first; personas where it is undefined (no customers) are left out. */
  const ranked = (metric: Parameters<typeof mean>[1]): PersonaName[] =>
    [...byPersona.keys()].filter((persona) => Number.isFinite(mean(persona, metric))).sort((a, b) => mean(b, metric) - mean(a, metric));

  it('makes enterprise researchers read the most whitepapers in the longest sessions', () => {
    assert.equal(ranked((s) => s.whitepapers / s.pages)[0], 'enterprise_researcher');
    assert.equal(ranked((s) => s.seconds / s.sessions)[0], 'enterprise_researcher');
    assert.equal(ranked((s) => s.pages / s.sessions)[0], 'enterprise_researcher');
  });

  it('makes content browsers read blogs and videos and never order', () => {
    assert.equal(ranked((s) => s.content / s.pages)[0], 'content_browser');
    assert.equal(byPersona.get('content_browser')!.orders, 0);
  });

  it('makes power product users use the most features', () => {
    assert.equal(ranked((s) => s.featuresUsed / s.productUsers)[0], 'power_product_user');
    assert.ok(mean('power_product_user', (s) => s.productUsers / s.people) > 0.95);
  });

  it('separates spenders, bargain hunters and dormant customers on RFM and channels', () => {
    const recency = ranked((s) => s.daysSinceLastOrder / s.customers);
    assert.equal(recency[0], 'dormant_customer');
    assert.equal(recency.at(-1), 'loyal_high_spender');
    assert.equal(ranked((s) => s.amount / s.orders).at(-1), 'bargain_hunter');
    assert.equal(ranked((s) => s.paidOrCampaign / s.sessions)[0], 'bargain_hunter');
    assert.ok(mean('loyal_high_spender', (s) => s.amount / s.customers) > 3 * mean('power_product_user', (s) => s.amount / s.customers));
    assert.equal(ranked((s) => s.sessions / s.people).at(-1), 'dormant_customer');
  });
});
