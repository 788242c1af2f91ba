import { AuthError, checkText, serialQueue, storageError } from './errors';
import type { IngestKeys } from './ingestKeys';
import { nextVersion, type BoardTokenRecord, type IngestKeyRecord } from './records';
import { LABEL_MAX_LENGTH, SOURCE_RE } from './roles';
import { newId, newSecret, secretPrefix, sha256Hex } from './secrets';
import type { SocketTracker } from './socketTracker';

export type CredentialStatus = 'active' | 'grace' | 'expired' | 'revoked' | 'inactive';

/** What a managed credential record has whatever it opens: ingest keys and board tokens alike. */
interface ManagedRecord {
	id: string;
	revokedAtMs: number | null;
	version: number;
}

/** What differs between two kinds of managed credential; everything else is ManagedCredentials. */
interface CredentialKind<R extends ManagedRecord, F> {
	/** in messages: "ingest key", "board token" */
	noun: string;
	/** the SocketTracker prefix of the sockets a credential opened */
	socketKind: 'ingest' | 'board';
	/** checks what an admin typed and returns it cleaned, or throws an AuthError naming the rule */
	checkFields(raw: F): F;
	/** a new record holding `secret` (only its digest and prefix are kept) */
	issue(fields: F, secret: string, id: string, by: string, t: number): R;
	/** the fields a rotation carries over to the replacement */
	fieldsOf(r: R): F;
	save(rows: R[]): Promise<void>;
	/** the verifier learns every new state of a record (created, rotated, revoked) */
	publish(r: R): void;
	/** rotation: the old record once replaced (it keeps working until the grace ends); absent = this kind does not rotate */
	retire?(old: R, replacement: R, t: number): R;
	/** may be rotated now (not revoked, expired or already replaced) */
	rotatable?(r: R, t: number): boolean;
	/** an id that names a credential from configuration (not managed here) */
	isConfigured(id: string): boolean;
}

/**
 * One lifecycle for the credentials an admin manages — create (the secret is shown once), rotate
 * (where the kind allows it: a replacement, the old one working for a grace), revoke (at once: the
 * sockets it opened are closed even if storing the change fails) — kept in memory and written
 * through to storage. The admin pages of ingest keys and board tokens both go through it.
 */
export class ManagedCredentials<R extends ManagedRecord, F> {
	private records = new Map<string, R>();
	private serial = serialQueue();

	constructor(
		private kind: CredentialKind<R, F>,
		private ctx: { now: () => number; log: (msg: string) => void; sockets: SocketTracker }
	) {}

	load(rows: R[]): void {
		for (const r of rows) {
			this.records.set(r.id, r);
			this.kind.publish(r);
		}
	}

	get(id: string): R | undefined {
		return this.records.get(id);
	}

	all(): R[] {
		return [...this.records.values()];
	}

	/** A new credential; the secret is returned once and only its digest is kept. */
	create(by: string, raw: F): Promise<{ record: R; secret: string }> {
		return this.serial(async () => {
			const fields = this.kind.checkFields(raw);
			const t = this.ctx.now();
			const secret = newSecret();
			const record = this.kind.issue(fields, secret, newId(), by, t);
			await this.kind.save([record]).catch(storageError);
			this.put(record);
			this.ctx.log(`auth: ${by} created ${this.kind.noun} ${record.id}`);
			return { record, secret };
		});
	}

	/** A replacement with the same fields; the old credential keeps working for the kind's grace. */
	rotate(by: string, id: string): Promise<{ record: R; secret: string; old: R }> {
		return this.serial(async () => {
			const { retire, rotatable } = this.kind;
			if (!retire || !rotatable) throw new AuthError('inactive', `a ${this.kind.noun} cannot be rotated: create a new one and revoke the old`);
			const old = this.records.get(id);
			const t = this.ctx.now();
			if (!old) throw new AuthError('not-found', `no managed ${this.kind.noun} ${id}`);
			if (!rotatable(old, t)) throw new AuthError('inactive', `${this.kind.noun} ${id} is revoked, expired or already rotated`);
			const secret = newSecret();
			const record = this.kind.issue(this.kind.fieldsOf(old), secret, newId(), by, t);
			const retired = retire(old, record, t);
			await this.kind.save([record, retired]).catch(storageError);
			this.put(record);
			this.put(retired);
			this.ctx.log(`auth: ${by} rotated ${this.kind.noun} ${old.id} → ${record.id}`);
			return { record, secret, old: retired };
		});
	}

	/** Immediate: the credential stops working and the sockets it opened are closed, even if storing the change fails. */
	revoke(by: string, id: string): Promise<void> {
		return this.serial(async () => {
			const old = this.records.get(id);
			if (!old) {
				if (this.kind.isConfigured(id)) throw new AuthError('configured', `${this.kind.noun} ${id} comes from the configuration: remove it there`);
				throw new AuthError('not-found', `no managed ${this.kind.noun} ${id}`);
			}
			if (old.revokedAtMs !== null) return;
			const t = this.ctx.now();
			const next: R = { ...old, revokedAtMs: t, version: nextVersion(t) };
			this.put(next);
			this.ctx.sockets.kill(`${this.kind.socketKind}:${id}`);
			this.ctx.log(`auth: ${by} revoked ${this.kind.noun} ${id}`);
			await this.kind.save([next]).catch(storageError);
		});
	}

	private put(r: R): void {
		this.records.set(r.id, r);
		this.kind.publish(r);
	}
}

// ---- ingest keys: one or more per source, rotated with a grace so a sender can switch without a gap

export interface IngestKeyFields {
	source: string;
	label: string;
}

export interface IngestKeyView {
	id: string;
	source: string;
	label: string;
	prefix: string;
	origin: 'managed' | 'config' | 'bootstrap';
	createdAtMs: number | null;
	createdBy: string;
	expiresAtMs: number | null;
	revokedAtMs: number | null;
	status: CredentialStatus;
}

export function ingestKeyCredentials(deps: {
	keys: IngestKeys;
	save: (rows: IngestKeyRecord[]) => Promise<void>;
	graceSec: number;
	now: () => number;
	log: (msg: string) => void;
	sockets: SocketTracker;
}): ManagedCredentials<IngestKeyRecord, IngestKeyFields> {
	return new ManagedCredentials<IngestKeyRecord, IngestKeyFields>(
		{
			noun: 'ingest key',
			socketKind: 'ingest',
			checkFields: ({ source, label }) => {
				const s = source.trim();
				if (!SOURCE_RE.test(s)) throw new AuthError('source-invalid', `source must match ${SOURCE_RE} (lower-case letters, digits, _)`);
				return { source: s, label: checkText('label', label, LABEL_MAX_LENGTH) };
			},
			issue: ({ source, label }, key, id, by, t) => ({
				id,
				source,
				label,
				keySha256: sha256Hex(key),
				keyPrefix: secretPrefix(key),
				createdAtMs: t,
				createdBy: by,
				expiresAtMs: null,
				revokedAtMs: null,
				replacedBy: '',
				version: nextVersion(t)
			}),
			fieldsOf: (r) => ({ source: r.source, label: r.label }),
			save: deps.save,
			publish: (r) => deps.keys.setManaged(r),
			rotatable: (r, t) => r.revokedAtMs === null && (r.expiresAtMs === null || t < r.expiresAtMs) && !r.replacedBy,
			retire: (old, replacement, t) => ({ ...old, expiresAtMs: t + deps.graceSec * 1000, replacedBy: replacement.id, version: nextVersion(t) }),
			isConfigured: (id) => id.startsWith('config:') || id.startsWith('bootstrap:')
		},
		deps
	);
}

/** Every ingest key for the admin page: configured ones first, then managed ones newest first. */
export function ingestKeyViews(keys: IngestKeys, managed: IngestKeyRecord[], t: number): IngestKeyView[] {
	const fixed: IngestKeyView[] = keys.fixedKeys().map((k) => ({
		id: k.id,
		source: k.source,
		label: k.origin === 'config' ? 'INGEST_KEYS' : '<DATA_PATH>/ingest-key',
		prefix: '',
		origin: k.origin === 'bootstrap' ? 'bootstrap' : 'config',
		createdAtMs: null,
		createdBy: '',
		expiresAtMs: null,
		revokedAtMs: null,
		status: k.active ? 'active' : 'inactive'
	}));
	const views: IngestKeyView[] = managed.map((k) => ({
		id: k.id,
		source: k.source,
		label: k.label,
		prefix: k.keyPrefix,
		origin: 'managed',
		createdAtMs: k.createdAtMs,
		createdBy: k.createdBy,
		expiresAtMs: k.expiresAtMs,
		revokedAtMs: k.revokedAtMs,
		status: k.revokedAtMs !== null ? 'revoked' : k.expiresAtMs === null ? 'active' : t < k.expiresAtMs ? 'grace' : 'expired'
	}));
	return [...fixed, ...views.sort((a, b) => (b.createdAtMs ?? 0) - (a.createdAtMs ?? 0))];
}

// ---- board tokens: one per kiosk, revoked and re-issued (a kiosk is re-pointed by hand anyway)

export interface BoardTokenFields {
	label: string;
}

export interface BoardTokenView {
	id: string;
	label: string;
	prefix: string;
	origin: 'managed' | 'config';
	createdAtMs: number | null;
	createdBy: string;
	revokedAtMs: number | null;
	status: CredentialStatus;
}

export function boardTokenCredentials(deps: {
	save: (rows: BoardTokenRecord[]) => Promise<void>;
	/** the verifier's table (AccessControl.boardFromToken) */
	publish: (r: BoardTokenRecord) => void;
	now: () => number;
	log: (msg: string) => void;
	sockets: SocketTracker;
}): ManagedCredentials<BoardTokenRecord, BoardTokenFields> {
	return new ManagedCredentials<BoardTokenRecord, BoardTokenFields>(
		{
			noun: 'board token',
			socketKind: 'board',
			checkFields: ({ label }) => ({ label: checkText('label', label, LABEL_MAX_LENGTH) }),
			issue: ({ label }, token, id, by, t) => ({
				id,
				label,
				tokenSha256: sha256Hex(token),
				tokenPrefix: secretPrefix(token),
				createdAtMs: t,
				createdBy: by,
				revokedAtMs: null,
				version: nextVersion(t)
			}),
			fieldsOf: (r) => ({ label: r.label }),
			save: deps.save,
			publish: deps.publish,
			isConfigured: (id) => id.startsWith('config:')
		},
		deps
	);
}
