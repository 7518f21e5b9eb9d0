(function(){
  var data = JSON.parse(document.getElementById('g60-data').textContent);
  var panel = document.getElementById('details');
  function el(tag, text, cls){var e=document.createElement(tag);
    if(text!==undefined&&text!==null){e.textContent=String(text);} if(cls){e.className=cls;} return e;}
  // Only web IRIs become links: a javascript: or data: IRI in the graph would run when clicked.
  function link(iri, text){if(!/^https?:\/\//.test(iri)){return el('span', text||iri, 'iri');}
    var a=el('a', text||iri); a.href=iri; return a;}
  function row(table, key, value){var tr=el('tr'); tr.appendChild(el('th', key));
    var td=el('td'); if(value instanceof Node){td.appendChild(value);} else {td.textContent=value||'';}
    tr.appendChild(td); table.appendChild(tr);}
  function named(v){if(!v){return '';} var s=el('span');
    if(v.label!==v.curie){s.appendChild(document.createTextNode(v.label+' '));}
    s.appendChild(link(v.iri, v.curie)); return s;}
  function show(id){
    var span = data.spans[id]; if(!span){return;}
    document.querySelectorAll('mark.active').forEach(function(m){m.classList.remove('active');});
    document.querySelectorAll('mark[data-span="'+id+'"]').forEach(function(m){m.classList.add('active');});
    panel.replaceChildren();
    panel.appendChild(el('h2', span.kind+' span '+span.begin+'-'+span.end));
    var q = el('p', '“'+(span.quote===null?'':span.quote)+'”', 'quote'); panel.appendChild(q);
    if(span.reason){panel.appendChild(el('p','rejected number: '+span.reason,'reason'));}
    if(!span.matches){panel.appendChild(el('p','quote differs from the text at these offsets','bad'));}
    var p = el('p'); p.appendChild(link(span.iri)); p.className='iri'; panel.appendChild(p);
    span.nodes.forEach(function(n){
      var box = el('div', null, 'node');
      var h = el('h3'); h.appendChild(document.createTextNode(n.kind+': '+(n.label!==n.curie?n.label+' ':'')));
      h.appendChild(link(n.iri, n.curie)); box.appendChild(h);
      if(n.observation){
        var o = n.observation, t = el('table', null, 'obs');
        row(t,'subject',named(o.subject)); row(t,'measure',named(o.measure));
        row(t,'value',o.value); row(t,'stated',o.statedValue); row(t,'unit',o.unit);
        row(t,'value kind',o.valueKind); row(t,'comparator',o.comparator); row(t,'period',o.period);
        if(o.comparisonPeriod){row(t,'compared with',o.comparisonPeriod);}
        box.appendChild(t);
      }
      var tt = el('table', null, 'triples');
      var cap = el('caption'); cap.appendChild(document.createTextNode('triples of '));
      cap.appendChild(link(n.iri, n.curie)); tt.appendChild(cap);
      var head = el('tr'); ['predicate','object'].forEach(function(x){head.appendChild(el('th',x));});
      tt.appendChild(head);
      n.triples.forEach(function(tr){
        var r = el('tr'); r.appendChild(el('td', tr.p, 'iri'));
        var td = el('td'); if(tr.iri){td.appendChild(link(tr.iri, tr.label && tr.label!==tr.o ? tr.o+' ('+tr.label+')' : tr.o));}
        else {td.textContent = tr.o;} r.appendChild(td); tt.appendChild(r);});
      box.appendChild(tt);
      panel.appendChild(box);
    });
  }
  function markOf(e){return e.target.closest ? e.target.closest('mark[data-span]') : null;}
  document.addEventListener('click', function(e){
    var go = e.target.closest && e.target.closest('button[data-go]');
    if(go){var id=go.getAttribute('data-go'); var m=document.querySelector('mark[data-span="'+id+'"]');
      if(m){m.scrollIntoView({block:'center'});} show(id); return;}
    var m = markOf(e); if(m){show(m.getAttribute('data-span'));}});
  document.addEventListener('mouseover', function(e){var m=markOf(e); if(m){show(m.getAttribute('data-span'));}});
  // report.html#span=IRI (an IRI relative to the resources' base, as the
  // figures page writes it): scroll to that span and show it.
  function fromHash(){
    var hash = decodeURIComponent(location.hash.slice(1));
    if(hash.indexOf('span=')!==0){return;}
    var iri = new URL(hash.slice(5), data.base).href;
    var id = Object.keys(data.spans).find(function(k){return data.spans[k].iri===iri;});
    if(!id){return;}
    var m = document.querySelector('mark[data-span="'+id+'"]');
    if(m){m.scrollIntoView({block:'center'});}
    show(id);
  }
  window.addEventListener('hashchange', fromHash); fromHash();
  document.addEventListener('focusin', function(e){var m=markOf(e); if(m){show(m.getAttribute('data-span'));}});
})();
