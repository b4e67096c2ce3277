// Roles and accessible names, in the page: enough of WAI-ARIA and accname
// 1.2 for the console's markup. The Rust side checks every element it acts on
// against the browser's own computed role and name (WebDriver's
// computedrole/computedlabel), so a mistake here fails loudly.

const norm = s => (s || '').replace(/\s+/g, ' ').trim();

const SELECTORS = {
  alert: '[role~=alert]',
  alertdialog: '[role~=alertdialog]',
  banner: 'header, [role~=banner]',
  button: 'button, input[type=submit], input[type=button], input[type=reset], [role~=button]',
  cell: 'td, [role~=cell], [role~=gridcell]',
  checkbox: 'input[type=checkbox], [role~=checkbox]',
  columnheader: 'th, [role~=columnheader]',
  combobox: 'select, input[list], [role~=combobox]',
  dialog: 'dialog, [role~=dialog]',
  heading: 'h1, h2, h3, h4, h5, h6, [role~=heading]',
  link: 'a[href], [role~=link]',
  list: 'ul, ol, [role~=list]',
  listbox: 'select, [role~=listbox]',
  listitem: 'li, [role~=listitem]',
  main: 'main, [role~=main]',
  navigation: 'nav, [role~=navigation]',
  option: 'option, [role~=option]',
  progressbar: 'progress, [role~=progressbar]',
  radio: 'input[type=radio], [role~=radio]',
  region: 'section, [role~=region]',
  row: 'tr, [role~=row]',
  rowheader: 'th, [role~=rowheader]',
  searchbox: 'input[type=search], [role~=searchbox]',
  spinbutton: 'input[type=number], [role~=spinbutton]',
  status: 'output, [role~=status]',
  table: 'table, [role~=table], [role~=grid]',
  textbox: 'input, textarea, [role~=textbox]',
};

// Roles whose name comes from the element's content.
const NAME_FROM_CONTENT = new Set(['button', 'cell', 'checkbox', 'columnheader', 'heading', 'link', 'menuitem',
  'option', 'radio', 'row', 'rowheader', 'switch', 'tab', 'tooltip']);

function implicitRole(el) {
  const tag = el.tagName.toLowerCase();
  const type = (el.getAttribute('type') || 'text').toLowerCase();
  switch (tag) {
    case 'a': return el.hasAttribute('href') ? 'link' : null;
    case 'button': return 'button';
    case 'dialog': return 'dialog';
    case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': return 'heading';
    case 'header': return el.closest('main, section, article, aside, nav') ? null : 'banner';
    case 'input':
      if (['submit', 'button', 'reset', 'image'].includes(type)) return 'button';
      if (type === 'checkbox' || type === 'radio') return type;
      if (type === 'number') return 'spinbutton';
      if (type === 'search') return el.hasAttribute('list') ? 'combobox' : 'searchbox';
      if (['text', 'email', 'tel', 'url', 'password'].includes(type)) return el.hasAttribute('list') ? 'combobox' : 'textbox';
      return null;
    case 'li': return 'listitem';
    case 'main': return 'main';
    case 'nav': return 'navigation';
    case 'ol': case 'ul': return 'list';
    case 'option': return 'option';
    case 'output': return 'status';
    case 'progress': return 'progressbar';
    case 'section': return (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby')) ? 'region' : null;
    case 'select': return (el.multiple || el.size > 1) ? 'listbox' : 'combobox';
    case 'table': return 'table';
    case 'td': return 'cell';
    case 'textarea': return 'textbox';
    case 'th': return el.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader';
    case 'tr': return 'row';
    default: return null;
  }
}

function roleOf(el) {
  const explicit = norm(el.getAttribute('role')).split(' ')[0];
  return explicit || implicitRole(el);
}

function rendered(el) {
  if (!el.getClientRects().length) return false;
  const style = getComputedStyle(el);
  return style.visibility !== 'hidden' && !el.closest('[aria-hidden=true], [inert]');
}

function generated(el, pseudo) {
  const content = getComputedStyle(el, pseudo).content;
  if (!content || content === 'none' || content === 'normal') return '';
  const quoted = content.match(/^"(.*)"$/);
  return quoted ? quoted[1] : '';
}

// The text alternative of a subtree, skipping `skip` (the control a label names).
function textOf(node, skip) {
  if (node.nodeType === Node.TEXT_NODE) return node.data;
  if (node.nodeType !== Node.ELEMENT_NODE || node === skip) return '';
  const el = node;
  const style = getComputedStyle(el);
  if (el.getAttribute('aria-hidden') === 'true' || style.display === 'none' || style.visibility === 'hidden') return '';
  const label = el.getAttribute('aria-label');
  if (label && norm(label) && el !== skip) return ` ${label} `;
  const tag = el.tagName;
  if (tag === 'IMG') return el.getAttribute('alt') || '';
  if (tag === 'SELECT') return el.selectedOptions.length ? el.selectedOptions[0].textContent : '';
  if (tag === 'INPUT' || tag === 'TEXTAREA') return el.value;
  let text = generated(el, '::before');
  for (const child of el.childNodes) text += textOf(child, skip);
  text += generated(el, '::after');
  return style.display.startsWith('inline') ? text : ` ${text} `;
}

function nameOf(el) {
  const by = el.getAttribute('aria-labelledby');
  if (by) {
    const text = norm(by.split(/\s+/).map(id => document.getElementById(id)).filter(Boolean)
      .map(ref => textOf(ref, null)).join(' '));
    if (text) return text;
  }
  const label = norm(el.getAttribute('aria-label'));
  if (label) return label;
  const tag = el.tagName;
  if (tag === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)) return norm(el.value);
  if (['INPUT', 'SELECT', 'TEXTAREA'].includes(tag)) {
    if (el.labels && el.labels.length) return norm([...el.labels].map(l => textOf(l, el)).join(' '));
    return norm(el.getAttribute('title') || el.getAttribute('placeholder'));
  }
  if (tag === 'TABLE' && el.caption) return norm(textOf(el.caption, null));
  if (tag === 'FIELDSET') {
    const legend = el.querySelector(':scope > legend');
    if (legend) return norm(textOf(legend, null));
  }
  if (NAME_FROM_CONTENT.has(roleOf(el))) {
    const text = norm(textOf(el, null));
    if (text) return text;
  }
  return norm(el.getAttribute('title'));
}

// Rendered elements of `role` whose name is `name` (mode 'exact') or
// contains it (mode 'contains'), inside `scope` or the document; and the
// names of all rendered elements of that role, for a helpful failure.
function find(role, name, mode, scope) {
  const root = scope || document;
  const all = [...root.querySelectorAll(SELECTORS[role] || `[role~=${role}]`)]
    .filter(el => roleOf(el) === role && rendered(el));
  const names = all.map(nameOf);
  const matches = all.filter((el, i) => mode === 'exact' ? names[i] === name : names[i].includes(name));
  return { matches, names };
}

function focused() {
  const el = document.activeElement;
  if (!el || el === document.body) return { role: null, name: '', visible: false, html: '<body>' };
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = !!style.boxShadow && style.boxShadow !== 'none';
  const html = el.outerHTML.slice(0, el.outerHTML.indexOf('>') + 1);
  return { role: roleOf(el), name: nameOf(el), visible: el.matches(':focus-visible') && (outline || shadow), html };
}

// The texts of one column of the first rendered table, by its header's name
// (which may go on, as "Name ▲" while the table is sorted by it).
function column(header) {
  const table = [...document.querySelectorAll('table')].find(rendered);
  if (!table) return null;
  const index = [...table.querySelectorAll('thead th')]
    .findIndex(th => nameOf(th) === header || nameOf(th).startsWith(header + ' '));
  if (index < 0) return null;
  return [...table.querySelectorAll('tbody tr')].map(row => norm(textOf(row.cells[index], null)));
}

// The texts of live regions (role alert or status, aria-live): what a screen
// reader announces when it changes.
function announcements() {
  return [...document.querySelectorAll('[role~=alert], [role~=status], [aria-live]:not([aria-live=off])')]
    .filter(rendered).map(el => norm(el.innerText)).filter(Boolean);
}
