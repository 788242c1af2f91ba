import type { AuthRepo, BoardTokenRecord, IngestKeyRecord, SessionRecord, UserRecord } from '../../src/lib/server/auth/records';

/** The AuthRepo contract in memory (newest version per key wins, like ReplacingMergeTree + FINAL). */
export function memoryRepo(): AuthRepo & { failNextSave: boolean; saves: number } {
	const users = new Map<string, UserRecord>();
	const sessions = new Map<string, SessionRecord>();
	const keys = new Map<string, IngestKeyRecord>();
	const tokens = new Map<string, BoardTokenRecord>();
	const put = <T extends { version: number }>(m: Map<string, T>, k: string, v: T) => {
		const old = m.get(k);
		if (!old || old.version <= v.version) m.set(k, structuredClone(v));
	};
	const repo = {
		failNextSave: false,
		saves: 0,
		loadUsers: async () => [...users.values()].filter((u) => !u.deleted).map((u) => structuredClone(u)),
		saveUsers: async (rows: UserRecord[]) => {
			check();
			for (const r of rows) put(users, r.username, r);
		},
		loadSessions: async (nowMs: number) => [...sessions.values()].filter((s) => !s.deleted && s.expiresAtMs > nowMs).map((s) => structuredClone(s)),
		saveSessions: async (rows: SessionRecord[]) => {
			check();
			for (const r of rows) put(sessions, r.idHash, r);
		},
		loadIngestKeys: async () => [...keys.values()].map((k) => structuredClone(k)),
		saveIngestKeys: async (rows: IngestKeyRecord[]) => {
			check();
			for (const r of rows) put(keys, r.id, r);
		},
		loadBoardTokens: async () => [...tokens.values()].map((t) => structuredClone(t)),
		saveBoardTokens: async (rows: BoardTokenRecord[]) => {
			check();
			for (const r of rows) put(tokens, r.id, r);
		}
	};
	function check() {
		repo.saves++;
		if (repo.failNextSave) {
			repo.failNextSave = false;
			throw new Error('storage unavailable (test)');
		}
	}
	return repo;
}
