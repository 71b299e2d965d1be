import { selectedCorpora } from '../../../bench/correlation/corpora';
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

  it('names the fifth held-out set, 357-372, with its own results file, and counts its seeds as held-out', () => {
    const fifth = independentSeeds('held-out-5');
    expect(fifth.set).toBe('held-out (fifth)');
    expect(fifth.seeds).toEqual(Array.from({ length: 16 }, (_, i) => 357 + i));
    expect(independentSeeds('357,372').set).toBe('held-out');
    expect(independentSeeds('216,360').set).toBe('mixed (includes held-out seeds)');
    process.env['EVAL_INDEPENDENT_SEEDS'] = 'held-out-5';
    try {
      const independent = selectedCorpora().find((c) => c.name === 'independent');
      expect(independent?.resultsName).toBe('correlation-independent-held-out-5');
    } finally {
      delete process.env['EVAL_INDEPENDENT_SEEDS'];
    }
  });

  it('names the seventh held-out set, 389-404, with its own results file, apart from every earlier set', () => {
    const seventh = independentSeeds('held-out-7');
    expect(seventh).toEqual({
      set: 'held-out (seventh)',
      seeds: Array.from({ length: 16 }, (_, i) => 389 + i),
    });
    expect(independentSeeds('404').set).toBe('held-out');
    expect(independentSeeds('405').set).toBe('development');
    const earlier = [
      'held-out',
      'held-out-new',
      'held-out-3',
      'held-out-4',
      'held-out-5',
      'held-out-6',
    ].flatMap((name) => independentSeeds(name).seeds);
    expect(seventh.seeds.filter((seed) => earlier.includes(seed))).toEqual([]);
    expect(independentSeeds('held-out-6').seeds).toEqual(Array.from({ length: 16 }, (_, i) => 373 + i));
    expect(independentSeeds('held-out-3').seeds).toEqual(Array.from({ length: 16 }, (_, i) => 325 + i));
    process.env['EVAL_INDEPENDENT_SEEDS'] = 'held-out-7';
    try {
      const independent = selectedCorpora().find((c) => c.name === 'independent');
      expect(independent?.resultsName).toBe('correlation-independent-held-out-7');
      // The world with call-edge alerts keeps its results beside the plain world's.
      process.env['EVAL_EDGE_ALERTS'] = '1';
      const withEdges = selectedCorpora().find((c) => c.name === 'independent');
      expect(withEdges?.resultsName).toBe('correlation-independent-held-out-7-edge-alerts');
      // Development seeds never write over a held-out set's results.
      process.env['EVAL_INDEPENDENT_SEEDS'] = 'development';
      expect(selectedCorpora().find((c) => c.name === 'independent')?.resultsName).toBe(
        'correlation-independent-development-edge-alerts',
      );
      delete process.env['EVAL_EDGE_ALERTS'];
      expect(selectedCorpora().find((c) => c.name === 'independent')?.resultsName).toBe(
        'correlation-independent-development',
      );
    } finally {
      delete process.env['EVAL_INDEPENDENT_SEEDS'];
      delete process.env['EVAL_EDGE_ALERTS'];
    }
  });
});
