import { independentSeeds } from '../../../bench/correlation-independent/seeds';

describe('independentSeeds', () => {
  it('names the fourth held-out set, 341-356, and counts its seeds as held-out when listed', () => {
    const fourth = independentSeeds('held-out-4');
    expect(fourth.set).toBe('held-out (fourth)');
    expect(fourth.seeds).toEqual(Array.from({ length: 16 }, (_, i) => 341 + i));
    // Listing one of them by number must not pass for development seeds.
    expect(independentSeeds('341,356').set).toBe('held-out');
    expect(independentSeeds('216,341').set).toBe('mixed (includes held-out seeds)');
    expect(independentSeeds(undefined).set).toBe('development');
  });
});
