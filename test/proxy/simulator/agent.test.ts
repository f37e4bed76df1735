import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { catalogProduct, planReply, splitIntoDeltas, toleratedProduct, type ReplyStep } from '../../../proxy/simulator/agent.js';
import { adaptProducts } from '../../../src/protocol/adapter.js';
import { CATALOGUE, formatPrice, productUrl, searchProducts } from '../../../proxy/simulator/catalogue.js';

type StepOf<K extends ReplyStep['kind']> = Extract<ReplyStep, { kind: K }>;

function stepAs<K extends ReplyStep['kind']>(step: ReplyStep | undefined, kind: K): StepOf<K> {
  assert.ok(step, `a ${kind} step`);
  assert.equal(step.kind, kind);
  return step as StepOf<K>;
}

const ids = (query: string, limit?: number) => searchProducts(query, limit).map((product) => product.id);

describe('catalogue', () => {
  it('has at least 12 products with unique ids and slugs', () => {
    assert.ok(CATALOGUE.length >= 12, `${CATALOGUE.length} products`);
    assert.equal(new Set(CATALOGUE.map((product) => product.id)).size, CATALOGUE.length);
    assert.equal(new Set(CATALOGUE.map((product) => product.slug)).size, CATALOGUE.length);
    for (const product of CATALOGUE) {
      assert.match(product.slug, /^[a-z0-9-]+$/);
      assert.ok(Number.isInteger(product.price) && product.price > 0, product.id);
    }
  });

  it('productUrl and formatPrice', () => {
    assert.equal(productUrl(CATALOGUE[0]!), '/products/blue-canvas-tote');
    assert.equal(formatPrice(2900), '€29.00');
    assert.equal(formatPrice(12905), '€129.05');
    assert.equal(formatPrice(5), '€0.05');
  });
});

describe('searchProducts', () => {
  it('ranks name matches above colour/category matches, ties by catalogue order', () => {
    // Blue Canvas Tote and Blue Roll-Top Backpack have "blue" in the name; Navy Market Tote only in its colour.
    assert.deepEqual(ids('blue'), ['p_1', 'p_8', 'p_2']);
  });

  it('adds up the score of every word', () => {
    assert.deepEqual(ids('do you have a blue tote?'), ['p_1', 'p_2', 'p_3', 'p_4']);
    assert.deepEqual(ids('black bags'), ['p_10', 'p_4', 'p_9']);
  });

  it('limits results, four by default', () => {
    assert.deepEqual(ids('tote'), ['p_1', 'p_2', 'p_3', 'p_4']);
    assert.deepEqual(ids('tote', 2), ['p_1', 'p_2']);
    assert.deepEqual(ids('tote', 10), ['p_1', 'p_2', 'p_3', 'p_4', 'p_5', 'p_6', 'p_13']);
  });

  it('ignores letter case and a plural -s', () => {
    assert.deepEqual(ids('BLUE TOTES'), ids('blue tote'));
    assert.deepEqual(ids('wallets'), ['p_11']);
    assert.deepEqual(ids('backpacks'), ['p_7', 'p_8']);
  });

  it('finds a product whose plural ends in -es', () => {
    assert.deepEqual(ids('pouches'), ['p_12']);
  });

  it('returns nothing for stop words only or no match', () => {
    assert.deepEqual(ids('do you have any'), []);
    assert.deepEqual(ids(''), []);
    assert.deepEqual(ids('umbrella'), []);
  });
});

describe('planReply', () => {
  it('is deterministic', () => {
    for (const message of ['do you have a blue tote?', 'tell me everything', 'hello', 'please fail', 'umbrella']) {
      assert.deepEqual(planReply(message), planReply(message), message);
    }
  });

  it('"do you have a blue tote?" searches, then lists products as Markdown links', () => {
    const steps = planReply('do you have a blue tote?');
    assert.equal(steps.length, 3);
    const found = ['p_1', 'p_2', 'p_3', 'p_4'].map((id) => catalogProduct(CATALOGUE.find((product) => product.id === id)!));
    assert.deepEqual(steps[0], {
      kind: 'tool_call',
      name: 'search_products',
      arguments: { query: 'do you have a blue tote?' },
      result: { products: found },
    });
    assert.deepEqual(steps[2], { kind: 'completed_fields', fields: { suggestions: ['Yes, add it', 'No, thanks'] } });
    const { text } = stepAs(steps[1], 'text');
    assert.equal(
      text,
      'Yes — here is what I found:\n\n' +
        '- [Blue Canvas Tote](/products/blue-canvas-tote) — **€29.00**. A roomy everyday tote in washed blue canvas with an inner pocket.\n' +
        '- [Navy Market Tote](/products/navy-market-tote) — **€34.00**. A sturdy market tote with leather handles that stands up on its own.\n' +
        '- [Sand Linen Tote](/products/sand-linen-tote) — **€39.00**. Light linen, lined in cotton, folds flat into its own pocket.\n' +
        '- [Black Leather Tote](/products/black-leather-tote) — **€129.00**. Full-grain leather with a zip top and a padded laptop sleeve.\n\n' +
        'Would you like me to add the **Blue Canvas Tote** to your cart?',
    );
  });

  it('a search without results still calls the tool, then offers help', () => {
    const steps = planReply('Do you sell umbrellas?');
    assert.deepEqual(steps[0], {
      kind: 'tool_call',
      name: 'search_products',
      arguments: { query: 'Do you sell umbrellas?' },
      result: { products: [] },
    });
    assert.match(stepAs(steps[1], 'text').text, /^I couldn't find anything matching that\./);
  });

  it('"add the blue tote to my cart" searches, adds with an action, then confirms', () => {
    const steps = planReply('add the blue tote to my cart');
    assert.deepEqual(
      steps.map((step) => step.kind),
      ['tool_call', 'action', 'text'],
    );
    assert.deepEqual(steps[0], { kind: 'tool_call', name: 'search_products', arguments: { query: 'add the blue tote to my cart' } });
    const action = stepAs(steps[1], 'action');
    assert.equal(action.action, 'add_to_cart');
    assert.equal(action.label, 'Adding Blue Canvas Tote to cart');
    assert.deepEqual(action.data, {
      productId: 'p_1',
      name: 'Blue Canvas Tote',
      quantity: 1,
      price: 2900,
      products: [catalogProduct(CATALOGUE[0]!)],
    });
    assert.equal(
      stepAs(steps[2], 'text').text,
      'Done — I added the **Blue Canvas Tote** (€29.00) to your cart. Anything else?',
    );
  });

  it('a yes to the offer adds the product offered; a no adds nothing; without an offer a yes is a search', () => {
    const offered = CATALOGUE.find((product) => product.id === 'p_3')!;
    const yes = planReply('Yes, add it', { offered });
    assert.deepEqual(
      yes.map((step) => step.kind),
      ['tool_call', 'action', 'text'],
    );
    assert.equal(stepAs(yes[1], 'action').data.productId, 'p_3');
    const no = planReply('No, thanks', { offered });
    assert.deepEqual(no.map((step) => step.kind), ['text']);
    assert.ok(!planReply('Yes, add it').some((step) => step.kind === 'action'));
  });

  it('products are in the catalog shape of the contract, and its tolerated variant reads the same', () => {
    const tote = CATALOGUE[0]!;
    assert.deepEqual(catalogProduct(tote), {
      id: 'p_1',
      name: 'Blue Canvas Tote',
      url: '/products/blue-canvas-tote',
      status: 'active',
      availability: true,
      price: { amount: 29, currency: 'EUR' },
      description: tote.description,
      productType: 'tote',
    });
    assert.deepEqual(adaptProducts({ products: [catalogProduct(tote)] }), adaptProducts({ items: [toleratedProduct(tote)] }));
    assert.equal(catalogProduct(CATALOGUE.find((product) => product.id === 'p_6')!).availability, false);
  });

  it('the add_to_cart action increments the cart it is given', () => {
    const action = stepAs(planReply('add the blue tote to my cart')[1], 'action');
    assert.ok(action.apply, 'the built-in agent always carries its action out');
    const cart = new Map<string, number>();
    assert.deepEqual(action.apply(cart), { productId: 'p_1', quantity: 1, cartCount: 1 });
    assert.deepEqual(action.apply(cart), { productId: 'p_1', quantity: 1, cartCount: 2 });
    assert.deepEqual([...cart], [['p_1', 2]]);

    const other = new Map([['p_5', 2]]);
    assert.deepEqual(action.apply(other), { productId: 'p_1', quantity: 1, cartCount: 3 });
    assert.deepEqual(Object.fromEntries(other), { p_5: 2, p_1: 1 });
  });

  it('"put it in my basket" without a product asks which one', () => {
    const steps = planReply('put it in my basket');
    assert.equal(steps.length, 1);
    assert.match(stepAs(steps[0], 'text').text, /^Which product should I add\?/);
  });

  it('"tell me everything" is one long Markdown text with a table and a fenced code block', () => {
    const steps = planReply('tell me everything');
    assert.equal(steps.length, 1);
    const { text } = stepAs(steps[0], 'text');
    assert.ok(text.length > 1000, `${text.length} characters`);
    assert.match(text, /^## Caring for your bags\n/);
    assert.match(text, /^\| Material \| Cleaning \| Avoid \|$/m);
    assert.match(text, /^\| --- \| --- \| --- \|$/m);
    assert.match(text, /^\| Leather \| Damp cloth, then conditioner \| Soaking \|$/m);
    assert.match(text, /^```text\n1\. Wipe off dust with a dry cloth\.\n[\s\S]*?\n```$/m);
    assert.equal(text.match(/^```/gm)?.length, 2);
  });

  it('"please fail" streams a little text, then an error step', () => {
    assert.deepEqual(planReply('please fail'), [
      { kind: 'text', text: 'Let me check that for you… ' },
      { kind: 'error', code: 'agent_unavailable', message: 'The assistant is unavailable.' },
    ]);
  });

  it('a greeting gets a greeting', () => {
    for (const message of ['hello', 'Hi there', 'Good morning!']) {
      const steps = planReply(message);
      assert.equal(steps.length, 1, message);
      assert.match(stepAs(steps[0], 'text').text, /^Hello! I'm Tote, this store's shopping assistant\. I can help you/, message);
    }
  });

  it('a greeting that also asks for a product gets the search', () => {
    assert.equal(planReply('hello, do you have a blue tote?')[0]!.kind, 'tool_call');
  });

  it('help lists what it can do', () => {
    assert.deepEqual(planReply('what can you do?'), [
      {
        kind: 'text',
        text:
          'I can help you find products, compare them and add them to your cart. Try:\n\n' +
          '- *Do you have a blue tote?*\n- *Add the blue tote to my cart*\n- *Tell me everything about caring for leather*',
      },
    ]);
  });
});

describe('splitIntoDeltas', () => {
  it('splits into word-sized deltas that keep their whitespace', () => {
    assert.deepEqual(splitIntoDeltas('Yes — here is'), ['Yes ', '— ', 'here ', 'is']);
    assert.deepEqual(splitIntoDeltas('  a\n\nb  '), ['  a\n\n', 'b  ']);
  });

  it('concatenates back to the original for every reply text', () => {
    const texts = [
      ...['do you have a blue tote?', 'add the blue tote to my cart', 'tell me everything', 'please fail', 'hello', 'help']
        .flatMap((message) => planReply(message))
        .flatMap((step) => (step.kind === 'text' ? [step.text] : [])),
      '',
      '   ',
      '\n',
      'one',
      ' leading and trailing \n',
      '👜€—\ttab\r\nCRLF',
    ];
    assert.ok(texts.length > 10);
    for (const text of texts) assert.equal(splitIntoDeltas(text).join(''), text, JSON.stringify(text));
  });

  it('gives the long reply many deltas, none empty', () => {
    const { text } = stepAs(planReply('tell me everything')[0], 'text');
    const deltas = splitIntoDeltas(text);
    assert.ok(deltas.length > 100, `${deltas.length} deltas`);
    assert.ok(deltas.every((delta) => delta.length > 0));
    assert.deepEqual(splitIntoDeltas(''), []);
    assert.deepEqual(splitIntoDeltas('  '), ['  ']);
  });
});
