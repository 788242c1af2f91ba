import type { ClickHouseClient } from '@clickhouse/client';
import { insertBoardTokens, listBoardTokens } from '../queries/auth/boardTokens';
import { insertIngestKeys, listIngestKeys } from '../queries/auth/ingestKeys';
import { insertSessions, listSessions } from '../queries/auth/sessions';
import { insertUsers, listUsers } from '../queries/auth/users';
import type { AuthRepo } from './records';

/** The records in ClickHouse, through the named queries in queries/auth/. */
export function clickhouseRepo(client: ClickHouseClient): AuthRepo {
	return {
		loadUsers: () => listUsers(client),
		saveUsers: (rows) => insertUsers(client, rows),
		loadSessions: (nowMs) => listSessions(client, { nowMs }),
		saveSessions: (rows) => insertSessions(client, rows),
		loadIngestKeys: () => listIngestKeys(client),
		saveIngestKeys: (rows) => insertIngestKeys(client, rows),
		loadBoardTokens: () => listBoardTokens(client),
		saveBoardTokens: (rows) => insertBoardTokens(client, rows)
	};
}
