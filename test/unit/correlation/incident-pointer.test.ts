import { incidentPointer, WEAK_SUSPECT_SCORE } from '../../../src/correlation/domain/incident-pointer';
import { groupIncidents } from '../../../src/correlation/domain/incidents';
import { rankAlertSuspects } from '../../../src/correlation/domain/ranking';
import { ServiceGraph } from '../../../src/correlation/domain/topology';
import { alert, change } from './support';

// web calls both cart and search; the fault is a deploy of search, but the first alert fires on cart
// (a sibling: they share web's traffic). search's change is no candidate for cart's alert alone.
const graph = ServiceGraph.fromEdges([
  { caller: 'web', dependency: 'cart' },
  { caller: 'web', dependency: 'search' },
  { caller: 'cart', dependency: 'cart-db' },
]);
const cartAlert = alert('cart-latency', 0, { service: 'cart', name: 'HighLatencyP99' });
const webAlert = alert('web-errors', -2, { service: 'web' });
const searchDeploy = change('search-deploy', 4, { service: 'search' });

describe('incidentPointer', () => {
  it('points a weak single-alert answer to its incident, saying why, where the cause is a candidate', () => {
    const ranking = rankAlertSuspects({
      alert: cartAlert,
      changes: [searchDeploy],
      graph,
      alerts: [webAlert],
    });
    expect(ranking.suspects).toEqual([]);
    const incident = groupIncidents([cartAlert, webAlert], graph).find((i) =>
      i.alerts.some((a) => a.key === cartAlert.key),
    );
    const pointer = incidentPointer(ranking, incident);
    expect(pointer?.id).toBe(incident?.id);
    expect(pointer?.reason).toMatch(
      /^no change is a suspect for this alert alone; its incident has 1 other alert on web/,
    );
    // ...and through the incident (web's alert), the sibling's change is a candidate.
    const viaWeb = rankAlertSuspects({
      alert: webAlert,
      changes: [searchDeploy],
      graph,
      alerts: [cartAlert],
    });
    expect(viaWeb.suspects.map((s) => s.changeId)).toEqual(['search-deploy']);
  });

  it('says nothing when the alert has a strong suspect or is alone in its incident', () => {
    const cartDeploy = change('cart-deploy', 5, { service: 'cart' });
    const strong = rankAlertSuspects({ alert: cartAlert, changes: [cartDeploy], graph, alerts: [webAlert] });
    expect(strong.suspects[0]?.score).toBeGreaterThanOrEqual(WEAK_SUSPECT_SCORE);
    const incident = groupIncidents([cartAlert, webAlert], graph)[0];
    expect(incidentPointer(strong, incident)).toBeUndefined();
    const weak = rankAlertSuspects({ alert: cartAlert, changes: [], graph });
    const alone = groupIncidents([cartAlert], graph)[0];
    expect(incidentPointer(weak, alone)).toBeUndefined();
  });
});
