/**
 * The tracking script served at /t/tandem.js: no dependencies, works from any site. It keeps a random
 * visitor id (128 bits from crypto.getRandomValues) in a first-party cookie and localStorage, records a
 * page view on load (UTM parameters ride along in the URL), and exposes `tandem('track', type, props)`.
 * Events go to the server it was loaded from, batched, with sendBeacon when the page is hidden. A visit from
 * a tracked email link (`_tdm` in the URL) hands its signed token over, so the visitor becomes the contact.
 * Event types that only Tandem records (SERVER_EVENT_TYPES) are dropped with a console warning.
 */
import { SERVER_EVENT_TYPES } from './tracking.js';

export const TRACKING_SCRIPT = `(function () {
  'use strict';
  if (window.__tandemLoaded) return;
  window.__tandemLoaded = true;
  var script = document.currentScript;
  var base = script && script.src ? new URL(script.src).origin : location.origin;
  var KEY = 'tandem_vid';
  function newId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }
  function readCookie() {
    var m = document.cookie.match(/(?:^|; )tandem_vid=([A-Za-z0-9_-]{22,64})/);
    return m ? m[1] : null;
  }
  var id = readCookie();
  try { id = id || localStorage.getItem(KEY); } catch (e) {}
  if (!id || !/^[A-Za-z0-9_-]{22,64}$/.test(id)) id = newId();
  try { localStorage.setItem(KEY, id); } catch (e) {}
  document.cookie = 'tandem_vid=' + id + '; path=/; max-age=' + 60 * 60 * 24 * 395 + '; SameSite=Lax';
  var queue = [];
  var timer = null;
  function send(useBeacon) {
    if (timer) { clearTimeout(timer); timer = null; }
    if (!queue.length) return;
    var body = JSON.stringify({ visitorId: id, events: queue.splice(0, 50) });
    var url = base + '/t/events';
    if (useBeacon && navigator.sendBeacon && navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' }))) return;
    fetch(url, { method: 'POST', body: body, headers: { 'content-type': 'text/plain' }, keepalive: true, mode: 'cors', credentials: 'omit' }).catch(function () {});
    if (queue.length) send(useBeacon);
  }
  var SERVER_TYPES = ${JSON.stringify([...SERVER_EVENT_TYPES])};
  function track(type, properties) {
    // The server refuses these from pages, and with them the whole batch: left out here, with a word why.
    if (SERVER_TYPES.indexOf(type) >= 0) {
      if (window.console) console.warn('tandem: "' + type + '" events are recorded by Tandem itself, not sent from pages.');
      return;
    }
    queue.push({ type: type, occurredAt: new Date().toISOString(), url: location.href, referrer: document.referrer || undefined, title: document.title || undefined, properties: properties || undefined });
    // Events tracked together (the page view and the page's own first calls) go in one request; a person
    // watching the lead in Tandem sees the visit at once.
    if (!timer) timer = setTimeout(function () { send(false); }, 100);
  }
  // Arrived from a tracked email link: hand its identity token over, and keep it out of the page's URL
  // (before the calls the page queued are tracked: they take the page's URL too).
  try {
    var here = new URL(location.href);
    var handover = here.searchParams.get('_tdm');
    if (handover) {
      here.searchParams.delete('_tdm');
      if (history.replaceState) history.replaceState(history.state, '', here.pathname + here.search + here.hash);
      fetch(base + '/t/identify', { method: 'POST', body: JSON.stringify({ visitorId: id, token: handover }), headers: { 'content-type': 'text/plain' }, keepalive: true, mode: 'cors', credentials: 'omit' }).catch(function () {});
    }
  } catch (e) {}
  var pending = (window.tandem && window.tandem.q) || [];
  window.tandem = function (command, type, properties) { if (command === 'track') track(type, properties); };
  window.tandem.visitorId = function () { return id; };
  for (var i = 0; i < pending.length; i++) window.tandem.apply(null, pending[i]);
  track('page_view');
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') send(true); });
  // Leaving or reloading the page before the batch timer fires must not lose its page view.
  window.addEventListener('pagehide', function () { send(true); });
})();
`;
