// The bench's one table: metric | value | budget | ok. A row without a budget is reported only.

const fmt = (v, unit) => {
  if (!Number.isFinite(v)) return String(v);
  const digits = unit === '×' ? 2 : Math.abs(v) < 100 && v !== Math.round(v) ? 1 : 0;
  return `${v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${unit && unit !== '×' ? ` ${unit}` : unit}`;
};

/** True when the row's value keeps its budget (or it has none). */
function withinBudget(row) {
  if (row.budget === undefined) return true;
  if (!Number.isFinite(row.value)) return false;
  return row.direction === 'min' ? row.value >= row.budget : row.value <= row.budget;
}

/** Prints the table; returns how many budgets are broken (0 when `budgets` is false). */
export function printTable(rows, { budgets = true } = {}) {
  const cells = rows.map((r) => [
    r.metric,
    fmt(r.value, r.unit),
    r.budget === undefined ? '' : `${r.direction === 'min' ? '≥' : '≤'} ${fmt(r.budget, r.unit)}`,
    r.budget === undefined || !budgets ? '' : withinBudget(r) ? 'ok' : 'OVER',
    r.note ?? '',
  ]);
  const head = ['metric', 'value', 'budget', 'ok', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => `| ${c.map((x, i) => (i === 1 || i === 2 ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i === 1 || i === 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const c of cells) console.log(line(c));
  const broken = budgets ? rows.filter((r) => !withinBudget(r)).length : 0;
  console.log(budgets ? (broken ? `${broken} budget(s) broken` : 'every budget kept') : '');
  return broken;
}
