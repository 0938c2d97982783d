import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { personaNames, personaShares, personas } from '../../../generator/personas.js';
import { channels, pageTypes } from '../../../generator/vocabulary.js';

describe('personas', () => {
  it('lists every persona once, in personaNames order, with shares summing to 1', () => {
    assert.deepEqual(
      personas.map((persona) => persona.name),
      [...personaNames],
    );
    const total = Object.values(personaShares).reduce((sum, share) => sum + share, 0);
    assert.ok(Math.abs(total - 1) < 1e-9, `shares sum to ${total}`);
  });

  it('gives every persona valid probabilities and complete weight lists', () => {
    for (const persona of personas) {
      const { identity, orders, product, sessions } = persona;
      for (const probability of [identity.crmProbability, identity.workEmailProbability, identity.secondEmailProbability, identity.neverLogsInProbability, identity.loginProbability, orders.customerProbability, product.userProbability]) {
        assert.ok(probability >= 0 && probability <= 1, persona.name);
      }
      assert.deepEqual(Object.keys(sessions.pageTypeWeights).sort(), [...pageTypes].sort(), persona.name);
      assert.deepEqual(Object.keys(sessions.channelWeights).sort(), [...channels].sort(), persona.name);
      assert.ok(orders.minAgeDays < orders.maxAgeDays && orders.maxAgeDays <= 730);
      assert.ok(sessions.meanPages >= 1 && product.meanFeatures >= 1);
    }
  });
});
