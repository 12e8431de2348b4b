import { escapeHtml } from '../../shared/html.js';

/**
 * What visitors load: the hosted form page and the embed script. The page is a shell (escaped text only);
 * the script renders the form with DOM APIs (textContent, never innerHTML), so whatever marketing typed in a
 * label shows as text on any site that embeds it.
 */

/** The hosted page: the tracking script (page views, visitor id) and the form, in the form's direction. */
export function hostedPage(input: { publicId: string; name: string; locale: 'en' | 'fa' }): string {
  const dir = input.locale === 'fa' ? 'rtl' : 'ltr';
  const id = escapeHtml(input.publicId);
  return `<!doctype html>
<html lang="${input.locale}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>${escapeHtml(input.name)}</title>
<style>
body { margin: 0; background: #f5f6f8; font-family: system-ui, -apple-system, "Segoe UI", Tahoma, sans-serif; color: #1f2430; }
main { max-width: 560px; margin: 48px auto; background: #fff; border-radius: 12px; padding: 32px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
h1 { font-size: 1.4rem; margin: 0 0 24px; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(input.name)}</h1>
<div data-tandem-form="${id}"></div>
</main>
<script src="/t/tandem.js" async></script>
<script src="/f/${id}/embed.js" async></script>
</body>
</html>
`;
}

/** What the hosted link of a form that is archived or does not exist says, in both of the forms' languages. */
export const UNAVAILABLE_TEXT = {
  en: { title: 'Form not available', message: 'This form is no longer available.' },
  fa: { title: 'فرم در دسترس نیست', message: 'این فرم دیگر در دسترس نیست.' },
} as const;

/**
 * The hosted link of a form that is archived or unknown: a small page, the same for both (it names nothing
 * of the form, not even its language, so it says so in English and in Persian, right to left).
 */
export function unavailablePage(): string {
  const { en, fa } = UNAVAILABLE_TEXT;
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(en.title)} · ${escapeHtml(fa.title)}</title>
<style>
body { margin: 0; background: #f5f6f8; font-family: system-ui, -apple-system, "Segoe UI", Tahoma, sans-serif; color: #1f2430; }
main { max-width: 560px; margin: 48px auto; background: #fff; border-radius: 12px; padding: 32px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
p { font-size: 1.1rem; margin: 0 0 12px; }
</style>
</head>
<body>
<main>
<p data-tandem-unavailable="en">${escapeHtml(en.message)}</p>
<p lang="fa" dir="rtl" data-tandem-unavailable="fa">${escapeHtml(fa.message)}</p>
</main>
</body>
</html>
`;
}

/**
 * The embed script. It finds `<div data-tandem-form="ID">` elements, loads each form's public definition
 * from the server it came from, renders it, and posts submissions as JSON (text/plain, so no CORS
 * preflight), with the visitor id of the tracking script when present. Per-field errors come back as a
 * problem+json list and are shown under their fields.
 */
export const EMBED_SCRIPT = `(function () {
  'use strict';
  var script = document.currentScript;
  var base = script && script.src ? new URL(script.src).origin : location.origin;
  var STYLE_ID = 'tandem-form-style';
  var CSS = '.tandem-form{display:flex;flex-direction:column;gap:14px;font:inherit}' +
    '.tandem-form label{display:flex;flex-direction:column;gap:4px;font-weight:500}' +
    '.tandem-form input,.tandem-form select,.tandem-form textarea{font:inherit;padding:8px 10px;border:1px solid #c9ced6;border-radius:6px}' +
    '.tandem-form .tandem-check{flex-direction:row;flex-wrap:wrap;align-items:flex-start;gap:4px 8px;font-weight:400}' +
    '.tandem-form .tandem-check>span{flex:1 1 0;min-width:0}' +
    '.tandem-form .tandem-error{color:#c92a2a;font-size:.85em;font-weight:400}' +
    '.tandem-form [aria-invalid="true"]{border-color:#c92a2a;outline-color:#c92a2a}' +
    '.tandem-form .tandem-check>.tandem-error{flex-basis:100%}' +
    '.tandem-form .tandem-check>.tandem-error:empty{display:none}' +
    '.tandem-form button{font:inherit;padding:10px 16px;border:0;border-radius:6px;background:#1c7ed6;color:#fff;cursor:pointer}' +
    '.tandem-form button[disabled]{opacity:.6}' +
    '.tandem-hp{position:absolute!important;width:1px!important;height:1px!important;margin:-1px!important;padding:0!important;border:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;white-space:nowrap!important}' +
    '.tandem-thanks{padding:12px 0}';
  var TEXT = {
    en: { required: 'This field is required.', failed: 'Sending failed. Please try again.', busy: 'Too many attempts. Please wait a minute.' },
    fa: { required: '\\u0627\\u06cc\\u0646 \\u0641\\u06cc\\u0644\\u062f \\u0627\\u0644\\u0632\\u0627\\u0645\\u06cc \\u0627\\u0633\\u062a.', failed: '\\u0627\\u0631\\u0633\\u0627\\u0644 \\u0646\\u0627\\u0645\\u0648\\u0641\\u0642 \\u0628\\u0648\\u062f. \\u062f\\u0648\\u0628\\u0627\\u0631\\u0647 \\u062a\\u0644\\u0627\\u0634 \\u06a9\\u0646\\u06cc\\u062f.', busy: '\\u062a\\u0644\\u0627\\u0634\\u200c\\u0647\\u0627 \\u0628\\u06cc\\u0634 \\u0627\\u0632 \\u062d\\u062f \\u0627\\u0633\\u062a. \\u06cc\\u06a9 \\u062f\\u0642\\u06cc\\u0642\\u0647 \\u0635\\u0628\\u0631 \\u06a9\\u0646\\u06cc\\u062f.' }
  };
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) node.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function visitorId() {
    try { if (window.tandem && typeof window.tandem.visitorId === 'function') return window.tandem.visitorId(); } catch (e) {}
    var m = document.cookie.match(/(?:^|; )tandem_vid=([A-Za-z0-9_-]{22,64})/);
    return m ? m[1] : undefined;
  }
  function render(host, form) {
    var t = TEXT[form.locale] || TEXT.en;
    var f = el('form', { 'class': 'tandem-form', novalidate: true, dir: form.locale === 'fa' ? 'rtl' : 'ltr', 'data-tandem-form-id': form.publicId });
    // The controls are kept as they are made, never looked up by name: a form's "elements" collection
    // answers its own members (item, length, namedItem) for those names, and a control named "elements"
    // hides the collection itself.
    var errors = Object.create(null);
    var inputs = Object.create(null);
    var controls = [];
    var consentInput = null;
    form.fields.forEach(function (field) {
      var id = 'tandem-' + form.publicId + '-' + field.key;
      var input;
      var wrap = el('label', { 'for': id, 'class': field.type === 'checkbox' ? 'tandem-check' : null });
      if (field.type === 'textarea') input = el('textarea', { id: id, name: field.key, rows: 4 });
      else if (field.type === 'select') {
        input = el('select', { id: id, name: field.key });
        input.appendChild(el('option', { value: '' }, ''));
        (field.options || []).forEach(function (o) { input.appendChild(el('option', { value: o }, o)); });
      } else {
        var type = field.type === 'tel' ? 'tel' : field.type === 'number' ? 'text' : field.type;
        input = el('input', { id: id, name: field.key, type: type, inputmode: field.type === 'number' ? 'decimal' : null, autocomplete: field.autocomplete || null });
      }
      if (field.placeholder) input.setAttribute('placeholder', field.placeholder);
      if (field.required) input.setAttribute('aria-required', 'true');
      var caption = el('span', {}, field.label + (field.required ? ' *' : ''));
      if (field.type === 'checkbox') { wrap.appendChild(input); wrap.appendChild(caption); }
      else { wrap.appendChild(caption); wrap.appendChild(input); }
      var error = el('span', { 'class': 'tandem-error', role: 'alert', 'data-error-for': field.key, id: id + '-error' });
      input.setAttribute('aria-describedby', id + '-error');
      wrap.appendChild(error);
      errors[field.key] = error;
      inputs[field.key] = input;
      controls.push({ field: field, input: input });
      f.appendChild(wrap);
    });
    if (form.consent) {
      var cid = 'tandem-' + form.publicId + '-consent';
      var cwrap = el('label', { 'for': cid, 'class': 'tandem-check' });
      consentInput = el('input', { id: cid, name: 'consent', type: 'checkbox' });
      cwrap.appendChild(consentInput);
      cwrap.appendChild(el('span', {}, form.consent.text + (form.consent.required ? ' *' : '')));
      var cerr = el('span', { 'class': 'tandem-error', role: 'alert', 'data-error-for': 'consent', id: cid + '-error' });
      consentInput.setAttribute('aria-describedby', cid + '-error');
      cwrap.appendChild(cerr);
      errors.consent = cerr;
      inputs.consent = consentInput;
      f.appendChild(cwrap);
    }
    var hp = el('div', { 'class': 'tandem-hp', 'aria-hidden': 'true' });
    var honeypot = el('input', { name: 'website', type: 'text', tabindex: '-1', autocomplete: 'off' });
    hp.appendChild(honeypot);
    f.appendChild(hp);
    var general = el('div', { 'class': 'tandem-error', role: 'alert', 'data-error-for': '_form' });
    f.appendChild(general);
    var button = el('button', { type: 'submit' }, form.submitLabel);
    f.appendChild(button);
    f.addEventListener('submit', function (event) {
      event.preventDefault();
      for (var k in errors) errors[k].textContent = '';
      for (var n in inputs) inputs[n].removeAttribute('aria-invalid');
      general.textContent = '';
      var values = {};
      controls.forEach(function (c) {
        if (c.field.type === 'checkbox') values[c.field.key] = !!c.input.checked;
        else if (c.input.value !== '') values[c.field.key] = c.input.value;
      });
      var body = { values: values, url: location.href, website: honeypot.value };
      if (document.referrer) body.referrer = document.referrer;
      if (consentInput) { body.consent = !!consentInput.checked; body.consentText = form.consent.text; }
      var vid = visitorId();
      if (vid) body.visitorId = vid;
      button.disabled = true;
      fetch(base + '/f/' + form.publicId + '/submissions', { method: 'POST', mode: 'cors', credentials: 'omit', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) })
        .then(function (res) { return res.json().then(function (json) { return { status: res.status, json: json }; }); })
        .then(function (r) {
          button.disabled = false;
          if (r.status === 200 && r.json.ok) {
            if (r.json.redirect) { location.href = r.json.redirect; return; }
            var thanks = el('div', { 'class': 'tandem-thanks', role: 'status', 'data-tandem-thanks': true }, r.json.message);
            f.replaceWith(thanks);
            return;
          }
          if (r.status === 429) { general.textContent = t.busy; return; }
          var list = (r.json && r.json.errors) || [];
          if (!list.length) general.textContent = (r.json && r.json.detail) || t.failed;
          var first = null;
          list.forEach(function (e) {
            (errors[e.field] || general).textContent = e.message;
            var input = inputs[e.field];
            if (input) { input.setAttribute('aria-invalid', 'true'); first = first || input; }
          });
          // The first field to fix gets the focus, so a long form does not leave its error out of sight.
          if (first) first.focus();
        })
        .catch(function () { button.disabled = false; general.textContent = t.failed; });
    });
    host.textContent = '';
    host.appendChild(f);
  }
  function load(host) {
    if (host.getAttribute('data-tandem-rendered')) return;
    host.setAttribute('data-tandem-rendered', '1');
    var id = host.getAttribute('data-tandem-form');
    if (!/^[A-Za-z0-9_-]{22}$/.test(id || '')) return;
    fetch(base + '/f/' + id + '/definition', { mode: 'cors', credentials: 'omit' })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (form) { if (form) render(host, form); });
  }
  if (!document.getElementById(STYLE_ID)) {
    var style = el('style', { id: STYLE_ID }, CSS);
    document.head.appendChild(style);
  }
  function scan() { Array.prototype.forEach.call(document.querySelectorAll('[data-tandem-form]'), load); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan); else scan();
})();
`;
