import type { Role } from './roles';

/**
 * The persisted shapes of access-control data (migration 0005_auth.sql), camelCase at the boundary.
 * Every change is a new row with a higher `version`; the newest row of a key wins.
 */
export interface UserRecord {
	username: string;
	displayName: string;
	roles: Role[];
	/** argon2id PHC string */
	passwordHash: string;
	disabled: boolean;
	deleted: boolean;
	createdAtMs: number;
	updatedAtMs: number;
	updatedBy: string;
	version: number;
}

export interface SessionRecord {
	/** SHA-256 (hex) of the session id; the id itself lives only in the browser's cookie */
	idHash: string;
	username: string;
	createdAtMs: number;
	lastSeenAtMs: number;
	/** absolute expiry, fixed at sign-in */
	expiresAtMs: number;
	deleted: boolean;
	version: number;
}

export interface IngestKeyRecord {
	id: string;
	source: string;
	label: string;
	keySha256: string;
	keyPrefix: string;
	createdAtMs: number;
	createdBy: string;
	/** set when the key was rotated: it keeps working until then */
	expiresAtMs: number | null;
	revokedAtMs: number | null;
	/** id of the key that replaced it on rotation */
	replacedBy: string;
	version: number;
}

export interface BoardTokenRecord {
	id: string;
	label: string;
	tokenSha256: string;
	tokenPrefix: string;
	createdAtMs: number;
	createdBy: string;
	revokedAtMs: number | null;
	version: number;
}

/** Where the records live: ClickHouse in the app (queries/auth/*), memory in unit tests. */
export interface AuthRepo {
	loadUsers(): Promise<UserRecord[]>;
	saveUsers(rows: UserRecord[]): Promise<void>;
	/** sessions neither deleted nor past their absolute expiry at `nowMs` */
	loadSessions(nowMs: number): Promise<SessionRecord[]>;
	saveSessions(rows: SessionRecord[]): Promise<void>;
	loadIngestKeys(): Promise<IngestKeyRecord[]>;
	saveIngestKeys(rows: IngestKeyRecord[]): Promise<void>;
	loadBoardTokens(): Promise<BoardTokenRecord[]>;
	saveBoardTokens(rows: BoardTokenRecord[]): Promise<void>;
}

let lastVersion = 0;
/**
 * Row versions for ReplacingMergeTree: microseconds since the epoch, strictly increasing within the
 * process, so a change made in the same millisecond as the previous one still wins.
 */
export function nextVersion(nowMs: number): number {
	lastVersion = Math.max(lastVersion + 1, Math.floor(nowMs) * 1000);
	return lastVersion;
}
