/**
 * Expressions, written left to right into the context (a missing kind is a compile error).
 *
 * Nodes the renderer spells itself write straight into `ctx.text`. Nodes a dialect hook spells
 * render their operands first (`operand`), call the hook over the operand texts, and `emit` its
 * output; see render-context.ts for how bindings inside operands follow the hook's text.
 */
import type { SqlExpr } from './ast.js';
import type { Fragment, RenderContext } from './render-context.js';
import { writeSelect } from './render-query.js';
import { writeZoneOffset } from './render-zone-offset.js';

const BINARY_SQL: Readonly<Record<string, string>> = {
  and: ' AND ',
  or: ' OR ',
  '!=': ' <> ',
  '+': ' + ',
  '-': ' - ',
  '*': ' * ',
  '%': ' % ',
  '=': ' = ',
  '<': ' < ',
  '<=': ' <= ',
  '>': ' > ',
  '>=': ' >= ',
};

/** Render `node` on its own: its text and bindings, leaving the statement's text as it was. */
export function renderPart(node: SqlExpr, ctx: RenderContext): Fragment {
  const outer = ctx.startPart();
  const count = ctx.values.length;
  writeExpr(node, ctx);
  return ctx.endPart(outer, count);
}

/** Operand text for a dialect hook (a marker when it holds bindings). */
function operand(node: SqlExpr, ctx: RenderContext): string {
  const unsafe = ctx.unsafe;
  return ctx.operandText(renderPart(node, ctx), unsafe);
}

export function writeExpr(node: SqlExpr, ctx: RenderContext): void {
  const d = ctx.dialect;
  // Cases in order of frequency: a switch on strings is a chain of comparisons, and shared nodes
  // (every catalog expression, time column and join condition) came last.
  let held: number;
  switch (node.kind) {
    case 'column':
      ctx.text += node.table === undefined ? ctx.quote(node.name) : ctx.quoteColumn(node.table, node.name);
      return;
    case 'shared': {
      const kept = ctx.sharedFragment(node);
      if (kept !== undefined) {
        ctx.write(kept);
        return;
      }
      const unsafe = ctx.unsafe;
      const part = renderPart(node.expr, ctx);
      ctx.keepShared(node, part, unsafe);
      ctx.write(part);
      return;
    }
    case 'binary':
      ctx.text += '(';
      writeExpr(node.left, ctx);
      ctx.text += BINARY_SQL[node.op] ?? ` ${node.op} `;
      writeExpr(node.right, ctx);
      ctx.text += ')';
      return;
    case 'param':
      if (node.value === null) ctx.text += 'NULL';
      else ctx.bind(node.value);
      return;
    case 'dateParam':
      ctx.bindDate(node.value, node.end);
      return;
    case 'timestampParam':
      ctx.bindTimestamp(node.value, node.end);
      return;
    case 'integer':
      if (!Number.isInteger(node.value)) throw new Error(`integer node holds ${node.value}`);
      ctx.text += String(node.value);
      return;
    case 'null':
      ctx.text += 'NULL';
      return;
    case 'not':
      ctx.text += '(NOT ';
      writeExpr(node.operand, ctx);
      ctx.text += ')';
      return;
    case 'negate':
      ctx.text += '(-';
      writeExpr(node.operand, ctx);
      ctx.text += ')';
      return;
    case 'safeDivide':
      held = ctx.heldCount;
      ctx.text += '(';
      ctx.emit(d.toDouble(operand(node.numerator, ctx)), held);
      ctx.text += ' / NULLIF(';
      writeExpr(node.denominator, ctx);
      ctx.text += ', 0))';
      return;
    case 'isNull':
      ctx.text += '(';
      writeExpr(node.operand, ctx);
      ctx.text += node.negated ? ' IS NOT NULL)' : ' IS NULL)';
      return;
    case 'in': {
      ctx.text += '(';
      writeExpr(node.operand, ctx);
      ctx.text += node.negated ? ' NOT IN (' : ' IN (';
      const values = node.values;
      for (let i = 0; i < values.length; i++) {
        if (i > 0) ctx.text += ', ';
        writeExpr(values[i]!, ctx);
      }
      ctx.text += '))';
      return;
    }
    case 'between':
      ctx.text += '(';
      writeExpr(node.operand, ctx);
      ctx.text += node.negated ? ' NOT BETWEEN ' : ' BETWEEN ';
      writeExpr(node.low, ctx);
      ctx.text += ' AND ';
      writeExpr(node.high, ctx);
      ctx.text += ')';
      return;
    case 'like':
      ctx.text += '(';
      writeExpr(node.operand, ctx);
      ctx.text += node.negated ? ' NOT LIKE ' : ' LIKE ';
      writeExpr(node.pattern, ctx);
      ctx.text += ')';
      return;
    case 'case': {
      const whens = node.whens;
      // (A CASE without WHEN is invalid SQL anyway; its text is kept as it always was.)
      ctx.text += whens.length === 0 ? 'CASE ' : 'CASE';
      for (let i = 0; i < whens.length; i++) {
        ctx.text += ' WHEN ';
        writeExpr(whens[i]!.when, ctx);
        ctx.text += ' THEN ';
        writeExpr(whens[i]!.then, ctx);
      }
      if (node.otherwise !== null) {
        ctx.text += ' ELSE ';
        writeExpr(node.otherwise, ctx);
      }
      ctx.text += ' END';
      return;
    }
    case 'call': {
      held = ctx.heldCount;
      const args = node.args.map((a) => operand(a, ctx));
      ctx.emit(d.call(node.fn, args), held);
      return;
    }
    case 'aggregate':
      held = ctx.heldCount;
      ctx.emit(d.aggregate(node.fn, node.arg === null ? null : operand(node.arg, ctx), node.percentile), held);
      return;
    case 'exists':
      ctx.text += 'EXISTS (';
      writeSelect(node.query, ctx);
      ctx.text += ')';
      return;
    case 'nullSafeEquals': {
      held = ctx.heldCount;
      ctx.text += '(';
      const left = operand(node.left, ctx);
      ctx.emit(d.nullSafeEquals(left, operand(node.right, ctx)), held);
      ctx.text += ')';
      return;
    }
    case 'toDouble':
      held = ctx.heldCount;
      ctx.emit(d.toDouble(operand(node.operand, ctx)), held);
      return;
    case 'dateTrunc':
      held = ctx.heldCount;
      ctx.emit(d.dateTrunc(node.grain, operand(node.operand, ctx)), held);
      return;
    case 'dateAdd':
      if (node.count === 0) {
        writeExpr(node.operand, ctx);
        return;
      }
      held = ctx.heldCount;
      ctx.emit(d.dateAdd(node.unit, node.count, operand(node.operand, ctx)), held);
      return;
    case 'timestampAddDays':
      held = ctx.heldCount;
      ctx.emit(d.timestampAddDays(node.count, operand(node.operand, ctx)), held);
      return;
    case 'timestampAddMonths':
      held = ctx.heldCount;
      ctx.emit(d.timestampAddMonths(node.count, operand(node.operand, ctx)), held);
      return;
    case 'timestampAddMinutes': {
      held = ctx.heldCount;
      const minutes = operand(node.minutes, ctx);
      ctx.emit(d.timestampAddMinutes(minutes, operand(node.operand, ctx)), held);
      return;
    }
    case 'zoneOffset':
      writeZoneOffset(node.zone, renderPart(node.operand, ctx), ctx);
      return;
    case 'toDate':
      held = ctx.heldCount;
      ctx.emit(d.toDate(operand(node.operand, ctx)), held);
      return;
    case 'asTimestamp':
      held = ctx.heldCount;
      ctx.emit(d.asTimestamp(operand(node.operand, ctx)), held);
      return;
    case 'asDate':
      held = ctx.heldCount;
      ctx.emit(d.asDate(operand(node.operand, ctx)), held);
      return;
    case 'formatDate':
      held = ctx.heldCount;
      ctx.emit(d.formatDate(operand(node.operand, ctx)), held);
      return;
    case 'daysBetween': {
      held = ctx.heldCount;
      const from = operand(node.from, ctx);
      ctx.emit(d.daysBetween(from, operand(node.to, ctx)), held);
      return;
    }
    default:
      return unknownKind(node);
  }
}

function unknownKind(node: never): never {
  throw new Error(`unknown SQL expression kind ${(node as { kind: string }).kind}`);
}
