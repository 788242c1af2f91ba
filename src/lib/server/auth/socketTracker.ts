import type { Duplex } from 'node:stream';

/**
 * Open WebSockets by the credential that opened them (`session:<digest>`, `board:<id>`,
 * `ingest:<key id>`), so that signing out, revoking a token or key, or disabling a user also closes
 * the sockets it opened: an upgrade is authorised once, and a kiosk's socket may stay open for days.
 * The hub hands `ws` the same TCP socket the upgrade request came on; destroying it ends the WebSocket.
 */
export class SocketTracker {
	private byCredential = new Map<string, Set<Duplex>>();

	add(credential: string, socket: Duplex): void {
		let set = this.byCredential.get(credential);
		if (!set) this.byCredential.set(credential, (set = new Set()));
		set.add(socket);
		socket.once('close', () => {
			set.delete(socket);
			if (set.size === 0 && this.byCredential.get(credential) === set) this.byCredential.delete(credential);
		});
	}

	/** Closes every socket opened with this credential; returns how many. */
	kill(credential: string): number {
		const set = this.byCredential.get(credential);
		if (!set) return 0;
		this.byCredential.delete(credential);
		for (const s of set) s.destroy();
		return set.size;
	}

	credentials(): string[] {
		return [...this.byCredential.keys()];
	}

	count(credential: string): number {
		return this.byCredential.get(credential)?.size ?? 0;
	}
}
