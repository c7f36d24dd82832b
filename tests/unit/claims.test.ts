import { describe, expect, it } from 'vitest';
import { checkClaims, resolveModelled, resolveRef, resolveRefs } from '../../src/reference/claims.ts';

describe('Sources and confidence: claims and their references', () => {
  it('resolves a message key to its author, day and archive link, and a commit key to its hash and release', () => {
    expect(resolveRef('m30')).toEqual({ label: 'Ondrej Kozina, 14 Jul 2016', href: 'https://lore.kernel.org/linux-mm/8ada6905-ffd2-46c7-7ca1-861fac7e6264@redhat.com/' });
    expect(resolveRef('4e390b2b')).toMatchObject({ label: '4e390b2b2f34 (v4.8-rc1)' });
    expect(resolveRef('rh-1').href).toBeUndefined(); // internal Red Hat mail: no public address
  });

  it('refuses an unknown key and a link that is neither absolute nor relative to the site', () => {
    expect(() => resolveRef('m999')).toThrow(/no message or commit "m999"/);
    expect(() => resolveRef({ label: 'x', href: 'javascript:alert(1)' })).toThrow(/bad link/);
  });

  it('tells two messages of one author and day apart by their time', () => {
    expect(resolveRefs(['m27', 'm30', 'may']).map((l) => l.label)).toEqual([
      'Ondrej Kozina, 14 Jul 2016 16:08', 'Ondrej Kozina, 14 Jul 2016 17:25', 'Ondrej Kozina, 5 May 2016',
    ]);
  });

  it('a reported claim needs a source and an inferred one its basis', () => {
    expect(() => checkClaims({ reported: [{ claim: 'x', refs: [] }], inferred: [], modelled: [] })).toThrow(/without a source/);
    expect(() => checkClaims({ reported: [], inferred: [{ claim: 'x', from: ' ' }], modelled: [] })).toThrow(/without its basis/);
  });

  it('a modelled claim cites the scenario id and the command that reproduces it', () => {
    const m = resolveModelled({ claim: 'v4.6 on the default machine', run: { kernel: 'v4.6' } });
    expect(m.id).toMatch(/^fp1-[0-9a-z]{8}$/);
    expect(m.command).toBe('npx fpsim run --kernel v4.6');
  });
});
