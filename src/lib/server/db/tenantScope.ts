// Tenant scoping that cannot be forgotten. A Kysely plugin that rewrites every query of a module so that it
// only ever sees and changes one village's rows: it works on the final query tree, so joins, subqueries,
// transactions and upserts are covered too — a `where('tenantId', …)` in module code is never needed.
//
//   SELECT / UPDATE / DELETE   … WHERE (original) AND t.tenant_id = ?   for every declared table in FROM/USING
//   JOIN                       … ON (original) AND t.tenant_id = ?
//   INSERT                     tenant_id stamped into every row (or checked to be the village's)
//   ON CONFLICT DO UPDATE      … WHERE t.tenant_id = ?   (an upsert cannot rewrite another village's row)
//   UPDATE … SET tenant_id     refused (a row cannot be moved to another village)
//   undeclared tables, CTEs, raw SQL, INSERT … SELECT, INSERT OR REPLACE   refused
//
// The CamelCasePlugin runs before this one, so table and column names here are snake_case.
import {
	AliasNode,
	AndNode,
	BinaryOperationNode,
	ColumnNode,
	OnNode,
	OperationNodeTransformer,
	OperatorNode,
	ParensNode,
	PrimitiveValueListNode,
	ReferenceNode,
	TableNode,
	ValueListNode,
	ValueNode,
	ValuesNode,
	WhereNode,
	type DeleteQueryNode,
	type FromNode,
	type IdentifierNode,
	type JoinNode,
	type InsertQueryNode,
	type KyselyPlugin,
	type OnConflictNode,
	type OperationNode,
	type PluginTransformQueryArgs,
	type PluginTransformResultArgs,
	type QueryResult,
	type RawNode,
	type RootOperationNode,
	type SelectQueryNode,
	type UnknownRow,
	type UpdateQueryNode,
	type UsingNode
} from 'kysely';

const TENANT_COLUMN = 'tenant_id';

/** Thrown for a query that could leave the village: a bug in module code, never user input. */
export class TenantScopeError extends Error {
	constructor(message: string) {
		super(`tenant scope: ${message}`);
		this.name = 'TenantScopeError';
	}
}

/** "linksItems" → "links_items", as the CamelCasePlugin names tables. */
export function snakeCase(name: string): string {
	return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

// Raw fragments that Kysely's own builders produce (order directions, `on true`); any other raw SQL is refused.
const SAFE_RAW = /^(?:(?:asc|desc)(?: nulls (?:first|last))?|nulls (?:first|last)|true)$/i;

export class TenantScope implements KyselyPlugin {
	readonly #transformer: ScopeTransformer;

	/**
	 * @param tenantId the village every query is bound to
	 * @param tables the tenant-owned tables the module may use (camelCase or snake_case)
	 * @param readOnly refuse INSERT, UPDATE and DELETE (pages, widgets and GET requests only read)
	 */
	constructor(tenantId: string, tables: readonly string[], options: { readOnly?: boolean } = {}) {
		this.#transformer = new ScopeTransformer(tenantId, new Set(tables.map(snakeCase)), options.readOnly ?? false);
	}

	transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
		return this.#transformer.transformNode(args.node);
	}

	async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		return args.result;
	}
}

class ScopeTransformer extends OperationNodeTransformer {
	constructor(
		private readonly tenantId: string,
		private readonly tables: ReadonlySet<string>,
		private readonly readOnly: boolean
	) {
		super();
	}

	/** The name a declared table is referred to by in this query (its alias, else its name); null for derived tables. */
	private refName(node: OperationNode): string | null {
		if (node.kind === 'TableNode') return this.declared(node as TableNode);
		if (node.kind === 'AliasNode') {
			const alias = node as AliasNode;
			if (alias.node.kind === 'TableNode') {
				this.declared(alias.node as TableNode);
				if (alias.alias.kind !== 'IdentifierNode') throw new TenantScopeError('unsupported table alias');
				return (alias.alias as IdentifierNode).name;
			}
			if (alias.node.kind === 'SelectQueryNode') return null; // a derived table: its own query is scoped
		}
		throw new TenantScopeError(`unsupported table expression (${node.kind})`);
	}

	private declared(table: TableNode): string {
		const { schema, identifier } = table.table;
		if (schema || !this.tables.has(identifier.name)) throw new TenantScopeError(`table "${identifier.name}" is not one of the module's tables`);
		return identifier.name;
	}

	private filter(ref: string): OperationNode {
		return BinaryOperationNode.create(ReferenceNode.create(ColumnNode.create(TENANT_COLUMN), TableNode.create(ref)), OperatorNode.create('='), ValueNode.create(this.tenantId));
	}

	private and(existing: OperationNode | undefined, filters: OperationNode[]): OperationNode | undefined {
		// The original condition stays in parentheses, so an `or` in it cannot escape the filter.
		let out: OperationNode | undefined = existing ? ParensNode.create(existing) : undefined;
		for (const f of filters) out = out ? AndNode.create(out, f) : f;
		return out;
	}

	private fromFilters(from: FromNode | UsingNode | undefined): OperationNode[] {
		const froms = from ? (from.kind === 'FromNode' ? (from as FromNode).froms : (from as UsingNode).tables) : [];
		return froms.map((f) => this.refName(f)).filter((r): r is string => r !== null).map((r) => this.filter(r));
	}

	/** Joins get the filter in their ON clause (right for outer joins too); cross joins in the WHERE. */
	private scopeJoins(joins: readonly JoinNode[] | undefined): { joins: JoinNode[] | undefined; where: OperationNode[] } {
		if (!joins) return { joins: undefined, where: [] };
		const where: OperationNode[] = [];
		const out = joins.map((join) => {
			const ref = this.refName(join.table);
			if (ref === null) return join;
			if (!join.on) {
				where.push(this.filter(ref));
				return join;
			}
			return { ...join, on: OnNode.create(this.and(join.on.on, [this.filter(ref)])!) } as JoinNode;
		});
		return { joins: out, where };
	}

	private noCte(node: { with?: unknown }) {
		if (node.with) throw new TenantScopeError('common table expressions are not supported in module queries');
	}

	private where(existing: WhereNode | undefined, filters: OperationNode[]): WhereNode | undefined {
		const combined = this.and(existing?.where, filters);
		return combined ? WhereNode.create(combined) : undefined;
	}

	protected override transformSelectQuery(node: SelectQueryNode): SelectQueryNode {
		this.noCte(node);
		const inner = super.transformSelectQuery(node);
		const { joins, where } = this.scopeJoins(inner.joins);
		return { ...inner, joins, where: this.where(inner.where, [...this.fromFilters(inner.from), ...where]) };
	}

	protected override transformUpdateQuery(node: UpdateQueryNode): UpdateQueryNode {
		if (this.readOnly) throw new TenantScopeError('writes are not allowed while reading (page, widget, GET)');
		this.noCte(node);
		const inner = super.transformUpdateQuery(node);
		if (!inner.table) throw new TenantScopeError('update without a table');
		this.refuseTenantUpdate(inner.updates);
		const own = this.refName(inner.table);
		const { joins, where } = this.scopeJoins(inner.joins);
		return { ...inner, joins, where: this.where(inner.where, [...(own ? [this.filter(own)] : []), ...this.fromFilters(inner.from), ...where]) };
	}

	protected override transformDeleteQuery(node: DeleteQueryNode): DeleteQueryNode {
		if (this.readOnly) throw new TenantScopeError('writes are not allowed while reading (page, widget, GET)');
		this.noCte(node);
		const inner = super.transformDeleteQuery(node);
		const { joins, where } = this.scopeJoins(inner.joins);
		return { ...inner, joins, where: this.where(inner.where, [...this.fromFilters(inner.from), ...this.fromFilters(inner.using), ...where]) };
	}

	protected override transformInsertQuery(node: InsertQueryNode): InsertQueryNode {
		if (this.readOnly) throw new TenantScopeError('writes are not allowed while reading (page, widget, GET)');
		this.noCte(node);
		if (node.replace || node.onDuplicateKey || (node.orAction && node.orAction.action !== 'ignore')) throw new TenantScopeError('insert-or-replace could overwrite another village’s row');
		if (!node.into || !node.columns || !node.values || node.values.kind !== 'ValuesNode') throw new TenantScopeError('only INSERT … VALUES with named columns is supported');
		const inner = super.transformInsertQuery(node);
		const table = this.declared(inner.into!);
		const columns = inner.columns!;
		const index = columns.findIndex((c) => c.column.name === TENANT_COLUMN);
		const rows = (inner.values as ValuesNode).values.map((row) => {
			if (index >= 0) {
				const value = row.kind === 'PrimitiveValueListNode' ? (row as PrimitiveValueListNode).values[index] : valueOf((row as ValueListNode).values[index]);
				if (value !== this.tenantId) throw new TenantScopeError(`insert into "${table}" for another village`);
				return row;
			}
			return row.kind === 'PrimitiveValueListNode'
				? PrimitiveValueListNode.create([...(row as PrimitiveValueListNode).values, this.tenantId])
				: ValueListNode.create([...(row as ValueListNode).values, ValueNode.create(this.tenantId)]);
		});
		return {
			...inner,
			columns: index >= 0 ? columns : [...columns, ColumnNode.create(TENANT_COLUMN)],
			values: ValuesNode.create(rows),
			onConflict: inner.onConflict && this.scopeConflict(inner.onConflict, table)
		};
	}

	private scopeConflict(node: OnConflictNode, table: string): OnConflictNode {
		if (node.doNothing || !node.updates) return node;
		this.refuseTenantUpdate(node.updates);
		return { ...node, updateWhere: this.where(node.updateWhere, [this.filter(table)]) };
	}

	private refuseTenantUpdate(updates: UpdateQueryNode['updates']) {
		for (const u of updates ?? []) {
			if (u.column.kind === 'ColumnNode' && (u.column as ColumnNode).column.name === TENANT_COLUMN) throw new TenantScopeError('a row cannot be moved to another village');
		}
	}

	protected override transformRaw(node: RawNode): RawNode {
		if (node.parameters.length > 0 || !SAFE_RAW.test(node.sqlFragments.join('').trim())) throw new TenantScopeError('raw SQL is not allowed in module queries');
		return super.transformRaw(node);
	}
}

function valueOf(node: OperationNode | undefined): unknown {
	return node?.kind === 'ValueNode' ? (node as ValueNode).value : undefined;
}
