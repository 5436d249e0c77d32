// lawkb UI script: progressive enhancement only. Every page renders on the
// server and works without it; this adds the region preference, recent
// searches, favourites, trainer collections, sharing and the offline cache.
(function () {
  'use strict';
  var LS = window.localStorage;
  var K = { region: 'lawkb.region', recent: 'lawkb.recent', favs: 'lawkb.favs', colls: 'lawkb.colls', cur: 'lawkb.cur' };
  var DEFAULT_COLL = '我的课件';

  function load(key, def) {
    try { var v = JSON.parse(LS.getItem(key)); return v == null ? def : v; } catch (e) { return def; }
  }
  function save(key, v) { try { LS.setItem(key, JSON.stringify(v)); } catch (e) { toast('本机存储已满或被禁用'); } }
  function $(sel, root) { return (root || document).querySelector(sel); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) { if (attrs[k] != null) e.setAttribute(k, attrs[k]); }
    if (text != null) e.textContent = text;
    return e;
  }
  var toastTimer;
  function toast(msg, href, linkText) {
    var t = $('#toast'); if (!t) return;
    t.textContent = msg;
    if (href) { t.appendChild(document.createTextNode(' ')); t.appendChild(el('a', { href: href }, linkText)); }
    t.hidden = false; clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.hidden = true; }, 3500);
  }
  function setCookie(name, value) {
    document.cookie = name + '=' + encodeURIComponent(value) + ';path=/;max-age=31536000;samesite=lax';
  }

  // Service worker: the shell, viewed articles and favourites stay offline.
  function sw(msg) {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.ready.then(function (reg) { if (reg.active) reg.active.postMessage(msg); });
  }
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch(function () {});
  }

  // Region preference: remembered on the phone and sent as a cookie so the
  // server renders the next search for the officer's region.
  var pref = load(K.region, null);
  if (pref && document.cookie.indexOf('lawkb_region=') < 0) setCookie('lawkb_region', pref);
  document.querySelectorAll('.region a[data-region]').forEach(function (a) {
    a.addEventListener('click', function () {
      save(K.region, a.dataset.region); setCookie('lawkb_region', a.dataset.region);
    });
  });

  // Font size: standard, large, extra large; remembered on the phone and
  // sent as a cookie so that the server renders every page at that size.
  var FS = ['', 'l', 'xl'], FSNAME = { '': '标准', l: '大', xl: '特大' };
  var fsPref = load('lawkb.fs', null);
  if (fsPref !== null && FS.indexOf(fsPref) >= 0 && (document.documentElement.dataset.fs || '') !== fsPref) {
    // A page from the offline cache, rendered before the setting changed.
    if (fsPref) document.documentElement.dataset.fs = fsPref; else delete document.documentElement.dataset.fs;
  }
  var fsBtn = $('#fs');
  if (fsBtn) {
    fsBtn.hidden = false;
    fsBtn.addEventListener('click', function () {
      var cur = document.documentElement.dataset.fs || '';
      var next = FS[(FS.indexOf(cur) + 1) % FS.length];
      if (next) document.documentElement.dataset.fs = next; else delete document.documentElement.dataset.fs;
      save('lawkb.fs', next); setCookie('lawkb_fs', next);
      fsBtn.setAttribute('aria-label', '字号：' + FSNAME[next] + '，点按切换');
      toast('字号：' + FSNAME[next]);
    });
  }

  // Date fields are typed the Chinese way (2024年5月1日); a button opens the
  // phone's date picker and writes its choice in that form.
  document.querySelectorAll('input[data-cn-date]').forEach(function (inp) {
    var picker = el('input', { type: 'date', tabindex: '-1', 'aria-hidden': 'true' });
    var btn = el('button', { type: 'button', 'aria-label': '选择日期' }, '选日期');
    var m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(inp.value.trim());
    if (m) picker.value = m[1] + '-' + ('0' + m[2]).slice(-2) + '-' + ('0' + m[3]).slice(-2);
    picker.addEventListener('change', function () {
      var p = /^(\d{4})-(\d{2})-(\d{2})$/.exec(picker.value);
      if (p) inp.value = p[1] + '年' + (+p[2]) + '月' + (+p[3]) + '日';
    });
    btn.addEventListener('click', function () {
      if (picker.showPicker) { try { picker.showPicker(); return; } catch (e) {} }
      picker.focus(); picker.click();
    });
    inp.parentNode.appendChild(btn); inp.parentNode.appendChild(picker);
  });

  // Recent searches.
  var page = document.body.dataset.page;
  var q = $('form.search input[name=q]');
  if (page === 'search' && q && q.value.trim()) {
    var recent = load(K.recent, []).filter(function (r) { return r.q !== q.value.trim(); });
    recent.unshift({ q: q.value.trim(), url: location.pathname + location.search });
    save(K.recent, recent.slice(0, 10));
  }
  function renderList(box, rows, empty) {
    if (!box) return;
    box.textContent = '';
    if (!rows.length) { box.appendChild(el('p', { 'class': 'empty' }, empty)); return; }
    var ul = el('ul');
    rows.forEach(function (r) {
      var li = el('li'); li.appendChild(el('a', { href: r.url }, r.text)); ul.appendChild(li);
    });
    box.appendChild(ul);
  }
  renderList($('#recent'), load(K.recent, []).map(function (r) { return { url: r.url, text: r.q }; }), '还没有搜索记录');
  renderList($('#favs'), load(K.favs, []).map(function (f) { return { url: f.url, text: f.title + ' ' + f.label }; }), '还没有收藏：在条文页点 ☆ 收藏');

  // Autocomplete, when the server offers it (data-ac names the endpoint).
  if (q && q.dataset.ac) {
    var dl = $('#ac'), acTimer, last = '';
    q.addEventListener('input', function () {
      clearTimeout(acTimer);
      acTimer = setTimeout(function () {
        var v = q.value.trim(); if (!v || v === last) return; last = v;
        fetch(q.dataset.ac + '?q=' + encodeURIComponent(v)).then(function (r) { return r.ok ? r.json() : null; })
          .then(function (j) {
            if (!j || !dl) return; dl.textContent = '';
            (j.completions || []).forEach(function (s) {
              var o = el('option', { value: s.text });
              var hint = s.title && s.title !== s.text ? s.title : (s.also || []).join('、');
              if (hint) o.textContent = hint;
              dl.appendChild(o);
            });
          }).catch(function () {});
      }, 150);
    });
  }

  // Article and document pages: favourite, share, add to a collection.
  var art = $('#art');
  if (art) {
    var d = art.dataset;
    var me = { type: d.type, id: d.id, title: d.title, label: d.label, url: d.url, version_date: d.versionDate, status: d.status };
    // The first visit happens before the worker controls the page: ask it
    // to keep this one too.
    sw({ type: 'keep', cache: 'pages', urls: [d.url] });
    var fav = $('#fav');
    var isFav = function () { return load(K.favs, []).some(function (f) { return f.id === me.id; }); };
    var paint = function () {
      if (!fav) return; var on = isFav();
      fav.setAttribute('aria-pressed', on ? 'true' : 'false'); fav.textContent = on ? '★ 已收藏' : '☆ 收藏';
    };
    paint();
    if (fav) fav.addEventListener('click', function () {
      var favs = load(K.favs, []);
      if (isFav()) {
        save(K.favs, favs.filter(function (f) { return f.id !== me.id; }));
        sw({ type: 'drop', cache: 'favs', urls: [me.url] }); toast('已取消收藏');
      } else {
        favs.unshift(me); save(K.favs, favs);
        sw({ type: 'keep', cache: 'favs', urls: [me.url] }); toast('已收藏，离线也能看');
      }
      paint();
    });
    var share = $('#share');
    if (share) share.addEventListener('click', function () {
      var url = location.origin + me.url, title = me.title + ' ' + me.label;
      if (navigator.share) { navigator.share({ title: title, url: url }).catch(function () {}); return; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(function () { toast('链接已复制'); }, function () { window.prompt('复制链接', url); });
      } else { window.prompt('复制链接', url); }
    });
    var add = $('#add');
    if (add) add.addEventListener('click', function () {
      var colls = load(K.colls, {}), cur = load(K.cur, DEFAULT_COLL);
      var list = colls[cur] || [];
      if (list.some(function (e) { return e.id === me.id; })) { toast('《' + cur + '》里已有这一条', '/c', '查看课件'); return; }
      var text = $('.atext'); var entry = Object.assign({}, me);
      entry.text = text ? text.innerText.trim() : ''; entry.added = new Date().toISOString().slice(0, 10);
      list.push(entry); colls[cur] = list; save(K.colls, colls); save(K.cur, cur);
      toast('已加入《' + cur + '》', '/c', '查看课件');
    });
  }

  // A long document's chapters load as they come near the screen; a
  // placeholder's link (?part=N) does the same without script.
  var parts = document.querySelectorAll('section.part[data-src]');
  if (parts.length && 'IntersectionObserver' in window && window.fetch) {
    var loadPart = function (sec) {
      if (sec.dataset.loading) return;
      sec.dataset.loading = '1';
      fetch(sec.dataset.src).then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(function (html) {
          var box = document.createElement('div'); box.innerHTML = html;
          var fresh = box.querySelector('section.part');
          if (fresh) sec.replaceWith(fresh);
        }).catch(function () { delete sec.dataset.loading; });
    };
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { io.unobserve(e.target); loadPart(e.target); } });
    }, { rootMargin: '800px 0px' });
    parts.forEach(function (sec) { io.observe(sec); });
  }

  // The print page's button (no inline handlers: the CSP forbids them).
  document.querySelectorAll('[data-print]').forEach(function (b) {
    b.addEventListener('click', function () { window.print(); });
  });

  // Trainer collections: kept on the phone, exported through the server.
  var box = $('#coll');
  if (box) {
    var colls = load(K.colls, {}), cur = load(K.cur, DEFAULT_COLL);
    if (!colls[cur]) colls[cur] = [];
    var sel = $('#coll-pick'), list = $('#coll-list'), count = $('#coll-count');
    var persist = function () { save(K.colls, colls); save(K.cur, cur); };
    var render = function () {
      sel.textContent = '';
      Object.keys(colls).sort().forEach(function (n) {
        var o = el('option', { value: n }, n + '（' + colls[n].length + '）'); if (n === cur) o.selected = true; sel.appendChild(o);
      });
      list.textContent = '';
      var entries = colls[cur] || [];
      count.textContent = entries.length + ' 条';
      if (!entries.length) list.appendChild(el('p', { 'class': 'empty' }, '这个课件还是空的：在条文页点“加入课件”。'));
      entries.forEach(function (e, i) {
        var card = el('div', { 'class': 'card coll-entry', 'data-id': e.id });
        var body = el('div', { 'class': 'body' });
        var a = el('a', { href: e.url }, (i + 1) + '. ' + e.title + ' ' + e.label); body.appendChild(a);
        body.appendChild(el('p', { 'class': 'muted' }, (e.version_date ? e.version_date + ' 版本 · ' : '') + (e.status || '')));
        card.appendChild(body);
        var ops = el('div', { 'class': 'ops' });
        [['↑', -1, '上移'], ['↓', 1, '下移']].forEach(function (m) {
          var b = el('button', { type: 'button', 'aria-label': m[2] }, m[0]);
          b.addEventListener('click', function () {
            var j = i + m[1]; if (j < 0 || j >= entries.length) return;
            var t = entries[i]; entries[i] = entries[j]; entries[j] = t; persist(); render();
          });
          ops.appendChild(b);
        });
        var del = el('button', { type: 'button', 'aria-label': '移除', 'class': 'del' }, '✕');
        del.addEventListener('click', function () { entries.splice(i, 1); persist(); render(); });
        ops.appendChild(del); card.appendChild(ops); list.appendChild(card);
      });
    };
    sel.addEventListener('change', function () { cur = sel.value; persist(); render(); });
    $('#coll-new').addEventListener('submit', function (ev) {
      ev.preventDefault(); var n = $('#coll-name').value.trim(); if (!n) return;
      if (!colls[n]) colls[n] = []; cur = n; $('#coll-name').value = ''; persist(); render(); toast('当前课件：《' + n + '》');
    });
    $('#coll-delete').addEventListener('click', function () {
      if (!window.confirm('删除课件《' + cur + '》？')) return;
      delete colls[cur]; cur = Object.keys(colls)[0] || DEFAULT_COLL; if (!colls[cur]) colls[cur] = []; persist(); render();
    });
    document.querySelectorAll('form.export').forEach(function (f) {
      f.addEventListener('submit', function (ev) {
        var entries = colls[cur] || [];
        if (!entries.length) { ev.preventDefault(); toast('课件是空的'); return; }
        f.querySelector('input[name=collection]').value = JSON.stringify({ name: cur, entries: entries });
      });
    });
    persist(); render();
  }
})();
