import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE, POLICY, decide, normalisePath, ruleFor, type Presented } from '../../src/lib/server/auth/policy';
import type { Role } from '../../src/lib/server/auth/roles';

// Oracle: the role design of issue 10 (README "Access control", docs/decisions/0007), written out by
// hand here, independent of the table in policy.ts. The same matrix runs against the real server in
// access.int.test.ts; this one is the fast check of the decision function alone, path edge cases included.

const user = (...roles: Role[]): Presented => ({ user: { roles }, board: false, ingestKey: false });
const ACTORS: Record<string, Presented> = {
	anon: { user: null, board: false, ingestKey: false },
	sup: user('supervisor'),
	plan: user('planner'),
	mgr: user('manager'),
	admin: user('admin'),
	board: { user: null, board: true, ingestKey: false },
	key: { user: null, board: false, ingestKey: true }
};
const ORDER = ['anon', 'sup', 'plan', 'mgr', 'admin', 'board', 'key'] as const;

// A = allowed, 401 / 403 refused. Columns: anon sup plan mgr admin board key
const MATRIX: [string, string, 'http' | 'socket', string][] = [
	['GET', '/', 'http', '401 A A A A 401 401'],
	['GET', '/api/health', 'http', 'A A A A A A A'],
	['GET', '/login', 'http', 'A A A A A A A'],
	['POST', '/login', 'http', 'A A A A A A A'],
	['POST', '/logout', 'http', 'A A A A A A A'],
	['GET', '/wallboard', 'http', '401 A 403 A A A 401'],
	['POST', '/wallboard', 'http', '401 403 403 403 A 401 401'],
	['GET', '/api/v1/realtime', 'http', '401 A A A A A 401'],
	['GET', '/api/v1/realtime/stream', 'socket', '401 A A A A A 401'],
	['GET', '/planning', 'http', '401 403 A A A 401 401'],
	['GET', '/planning/scenarios/s1', 'http', '401 403 A A A 401 401'],
	['POST', '/planning', 'http', '401 403 A 403 A 401 401'],
	['GET', '/api/v1/planning/forecast', 'http', '401 403 A A A 401 401'],
	['PUT', '/api/v1/scenarios/s1', 'http', '401 403 A 403 A 401 401'],
	// history imports (issue 16): an ingest key, or a planner/admin session (managers read coverage)
	['POST', '/api/v1/history', 'http', '401 403 A 403 A 401 A'],
	['POST', '/api/v1/history/events', 'http', '401 403 A 403 A 401 A'],
	['GET', '/api/v1/history/coverage', 'http', '401 403 A A A 401 A'],
	['GET', '/planning/history', 'http', '401 403 A A A 401 401'],
	['GET', '/alerts', 'http', '401 A 403 A A 401 401'],
	['POST', '/alerts/rules', 'http', '401 403 403 A A 401 401'],
	['GET', '/api/v1/alerts', 'http', '401 A 403 A A 401 401'],
	['DELETE', '/api/v1/alerts/silences/x', 'http', '401 403 403 A A 401 401'],
	['GET', '/admin/users', 'http', '401 403 403 403 A 401 401'],
	['POST', '/admin/ingest-keys', 'http', '401 403 403 403 A 401 401'],
	['POST', '/api/v1/events', 'http', '401 401 401 401 401 401 A'],
	['GET', '/api/v1/events/stream', 'socket', '401 401 401 401 401 401 A'],
	// issue 20: reports are for planners, managers and admins (issue brief); the API likewise
	['GET', '/reports', 'http', '401 403 A A A 401 401'],
	['GET', '/api/v1/reports/kpis', 'http', '401 403 A A A 401 401'],
	['POST', '/api/v1/reports/kpis', 'http', '401 403 403 403 A 401 401'],
	['GET', '/some/new/page', 'http', '401 403 403 403 A 401 401'],
	['GET', '/some/new/page', 'socket', '401 403 403 403 A 401 401']
];

describe('decide: role × route × method', () => {
	for (const [method, path, transport, row] of MATRIX) {
		const want = row.split(' ');
		it(`${method} ${path} (${transport})`, () => {
			const got = ORDER.map((a) => {
				const v = decide(method, path, transport, ACTORS[a], { usersExist: true });
				return v.allow ? 'A' : String(v.status);
			});
			expect(got).toEqual(want);
		});
	}

	it('admins may do what every other role may (except ingest, which takes keys only)', () => {
		for (const rule of [...POLICY, DEFAULT_RULE]) {
			for (const list of [rule.read, rule.write, rule.socket ?? []]) {
				const someRole = list.some((c) => ['signedIn', 'supervisor', 'planner', 'manager', 'board'].includes(c));
				if (someRole) expect(list, rule.path).toContain(list.includes('signedIn') ? 'signedIn' : 'admin');
			}
		}
	});

	it('a user holding two roles gets the union', () => {
		const both = user('planner', 'supervisor');
		expect(decide('GET', '/wallboard', 'http', both, { usersExist: true }).allow).toBe(true);
		expect(decide('POST', '/planning', 'http', both, { usersExist: true }).allow).toBe(true);
		expect(decide('POST', '/alerts/rules', 'http', both, { usersExist: true })).toMatchObject({ allow: false, status: 403 });
	});

	it('opens /setup only while no user exists', () => {
		expect(decide('POST', '/setup', 'http', ACTORS.anon, { usersExist: false }).allow).toBe(true);
		expect(decide('GET', '/setup', 'http', ACTORS.anon, { usersExist: true })).toMatchObject({ allow: false, status: 403, reason: 'setup-done' });
		expect(decide('GET', '/setup', 'http', ACTORS.admin, { usersExist: true })).toMatchObject({ allow: false, reason: 'setup-done' });
	});

	it('a user with no role is refused everywhere a role is needed, even "/"', () => {
		expect(decide('GET', '/', 'http', user(), { usersExist: true })).toMatchObject({ allow: false, status: 403 });
	});
});

describe('paths', () => {
	it('matches subtrees on segment boundaries only', () => {
		expect(ruleFor('/admin').path).toBe('/admin/**');
		expect(ruleFor('/admin/users/x').path).toBe('/admin/**');
		expect(ruleFor('/administrator')).toBe(DEFAULT_RULE);
		expect(ruleFor('/wallboard/settings')).toBe(DEFAULT_RULE); // board tokens reach the board page only
		expect(ruleFor('/loginx')).toBe(DEFAULT_RULE);
	});

	it('judges encoded and trailing-slash spellings as the route Kit serves', () => {
		expect(normalisePath('/%61dmin/users/')).toBe('/admin/users');
		expect(normalisePath('/wallboard/')).toBe('/wallboard');
		expect(normalisePath('/')).toBe('/');
		// %2F stays encoded (as in Kit's routing): no open rule can be reached that way, the default applies
		expect(ruleFor(normalisePath('/login%2F..%2Fadmin'))).toBe(DEFAULT_RULE);
		expect(decide('GET', '/%61dmin/users', 'http', ACTORS.sup, { usersExist: true })).toMatchObject({ allow: false, status: 403 });
		expect(decide('GET', '/%E0%A4%A', 'http', ACTORS.admin, { usersExist: true }).allow).toBe(true); // malformed: admin-only default
		expect(decide('GET', '/%E0%A4%A', 'http', ACTORS.sup, { usersExist: true }).allow).toBe(false);
	});

	it('treats unknown methods as writes', () => {
		expect(decide('PROPFIND', '/wallboard', 'http', ACTORS.sup, { usersExist: true })).toMatchObject({ allow: false, status: 403 });
	});
});
